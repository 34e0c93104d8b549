"""The demo network's trust pages (network.TrustPage): the network's defaults on the national
site and one regional override (Warta Jatim's own Redaksi). Text written for Warta; the
Pedoman Pemberitaan Media Siber is summarised in our own words from the Dewan Pers text."""

from __future__ import annotations

from wagtail.models import Page, Site

from warta.demo.factories import add_published_page
from warta.network.models import TrustPage

ADDRESS = "Jalan Contoh Raya No. 21, Jakarta Pusat 10110"

DEFAULTS: dict[str, tuple[str, str, str]] = {
    TrustPage.TENTANG: (
        "Tentang Kami",
        "Warta adalah jaringan media berita nasional dan daerah yang menyajikan kabar dari "
        "seluruh Indonesia, dari Sabang sampai Merauke.",
        "<p>Warta berdiri dengan satu keyakinan: berita yang baik lahir dari dekat. Karena itu "
        "kami membangun jaringan redaksi daerah yang meliput kota dan kabupatennya sendiri, "
        "lalu berbagi liputan terpenting dengan pembaca di seluruh Indonesia.</p>"
        "<h2>Yang kami kerjakan</h2>"
        "<ul><li>Berita nasional, ekonomi, olahraga, teknologi, dan gaya hidup dari redaksi "
        "pusat.</li><li>Berita daerah dari redaksi Warta di tiap wilayah, dengan waktu "
        "setempat (WIB, WITA, WIT).</li><li>Koreksi terbuka: setiap ralat dan pembaruan "
        "tercatat di halaman Koreksi.</li></ul>"
        "<h2>Cara kami bekerja</h2>"
        "<p>Setiap berita melewati penyuntingan editor sebelum terbit. Kami berpegang pada "
        "Kode Etik Jurnalistik dan Pedoman Pemberitaan Media Siber yang ditetapkan Dewan "
        "Pers.</p>",
    ),
    TrustPage.REDAKSI: (
        "Redaksi",
        "Susunan redaksi Warta dan alamat yang dapat Anda hubungi.",
        "<h2>Penanggung jawab</h2>"
        "<ul><li><b>Pemimpin Redaksi</b>: Ratna Wulandari</li>"
        "<li><b>Wakil Pemimpin Redaksi</b>: Bagus Pratomo</li>"
        "<li><b>Redaktur Pelaksana</b>: Sinta Maharani</li></ul>"
        "<h2>Redaktur</h2>"
        "<ul><li><b>Nasional dan Politik</b>: Hendra Gunawan</li>"
        "<li><b>Ekonomi dan Bisnis</b>: Melati Kusuma</li>"
        "<li><b>Olahraga</b>: Yoga Saputra</li>"
        "<li><b>Foto dan Grafis</b>: Arif Nugroho</li></ul>"
        "<h2>Reporter</h2>"
        "<p>Dewi Lestari, Rizky Firmansyah, Putri Ayuningtyas, dan koresponden di daerah.</p>"
        "<h2>Alamat redaksi</h2>"
        f"<p>{ADDRESS}<br>Email: redaksi@warta.example<br>Telepon: (021) 555-0121</p>"
        "<p>Wartawan Warta selalu membawa kartu pers dan tidak pernah meminta imbalan dari "
        "narasumber. Laporkan kepada kami bila Anda menemui hal sebaliknya.</p>",
    ),
    TrustPage.PEDOMAN: (
        "Pedoman Media Siber",
        "Warta menjalankan Pedoman Pemberitaan Media Siber yang ditetapkan Dewan Pers. "
        "Berikut pokok-pokoknya dalam kata-kata kami sendiri.",
        "<h2>Verifikasi dan keberimbangan</h2>"
        "<p>Setiap berita kami verifikasi terlebih dahulu. Bila sebuah berita harus segera "
        "terbit sebelum semua pihak dapat dikonfirmasi, kami menyebutkannya dalam berita dan "
        "melengkapinya dalam pembaruan sesegera mungkin.</p>"
        "<h2>Isi buatan pengguna</h2>"
        "<p>Pengguna yang mengirim isi ke Warta wajib terdaftar dan bertanggung jawab atas "
        "kirimannya. Kami menghapus isi yang bohong, berisi fitnah, kebencian atas dasar "
        "suku, agama, ras, dan antargolongan, pornografi, atau kekerasan.</p>"
        "<h2>Ralat, koreksi, dan hak jawab</h2>"
        "<p>Ralat, koreksi, dan hak jawab kami muat pada berita yang bersangkutan, dengan "
        "keterangan waktu, dan kami catat di halaman Koreksi. Bila berita itu telah disebarkan "
        "ke situs lain dalam jaringan Warta, koreksinya ikut tampil di sana.</p>"
        "<h2>Pencabutan berita</h2>"
        "<p>Berita yang sudah terbit tidak kami cabut karena alasan penyensoran dari pihak "
        "luar. Pencabutan hanya untuk alasan yang diatur Dewan Pers (misalnya SARA, "
        "kesusilaan, masa depan anak, atau pengalaman traumatik korban) dan selalu disertai "
        "pengumuman.</p>"
        "<h2>Iklan</h2>"
        "<p>Iklan dan konten berbayar selalu diberi tanda yang jelas sehingga pembaca dapat "
        "membedakannya dari berita.</p>"
        "<h2>Sengketa</h2>"
        "<p>Sengketa pemberitaan diselesaikan melalui Dewan Pers. Teks lengkap pedoman dapat "
        "dibaca di situs Dewan Pers (dewanpers.or.id).</p>",
    ),
    TrustPage.KODE_ETIK: (
        "Kode Etik Jurnalistik",
        "Wartawan Warta bekerja menurut Kode Etik Jurnalistik yang ditetapkan Dewan Pers. "
        "Inilah janji kami kepada pembaca.",
        "<ol><li>Kami independen: berita tidak dipengaruhi pemilik, pengiklan, atau "
        "narasumber.</li>"
        "<li>Kami akurat dan berimbang, serta memisahkan fakta dari opini.</li>"
        "<li>Kami selalu menguji informasi dan tidak mencampurkan fakta dengan "
        "penghakiman.</li>"
        "<li>Kami tidak membuat berita bohong, fitnah, sadis, atau cabul.</li>"
        "<li>Kami tidak menyebut identitas korban kejahatan susila dan anak yang berhadapan "
        "dengan hukum.</li>"
        "<li>Kami tidak menerima suap dan tidak menyalahgunakan profesi.</li>"
        "<li>Kami menghormati hak narasumber atas embargo, informasi latar belakang, dan "
        "keterangan yang tidak untuk disiarkan.</li>"
        "<li>Kami tidak menulis berita berdasarkan prasangka atau diskriminasi.</li>"
        "<li>Kami menghormati kehidupan pribadi narasumber, kecuali untuk kepentingan "
        "publik.</li>"
        "<li>Kami segera meralat dan memperbaiki berita yang keliru, disertai permintaan maaf "
        "kepada pembaca.</li>"
        "<li>Kami melayani hak jawab dan hak koreksi secara proporsional.</li></ol>",
    ),
    TrustPage.PRIVASI: (
        "Kebijakan Privasi",
        "Apa yang disimpan Warta tentang Anda, dan apa yang tidak.",
        "<h2>Tanpa akun</h2>"
        "<p>Anda dapat membaca semua berita tanpa akun. Warta tidak memasang cookie pelacak, "
        "tidak memuat skrip pihak ketiga, dan tidak memakai piksel iklan. Jumlah pembaca "
        "setiap berita kami hitung tanpa mengenali siapa yang membaca.</p>"
        "<p>Bila Anda memilih daerah atau minat tanpa masuk, pilihan itu disimpan di perangkat "
        "Anda sendiri dalam cookie <code>warta_minat</code>, bukan di server kami.</p>"
        "<h2>Dengan akun</h2>"
        "<p>Bila Anda mendaftar, kami menyimpan alamat email, nama pengguna, dan kata sandi "
        "dalam bentuk tersandi yang tidak dapat dibaca kembali. Kami juga menyimpan pilihan "
        "Anda (daerah, kanal, topik, penulis yang diikuti) dan berita yang Anda simpan. "
        "Riwayat baca hanya disimpan bila Anda menyalakannya; mematikannya menghapus "
        "riwayat itu.</p>"
        "<p>Saat Anda masuk, peramban menyimpan cookie sesi agar Anda tetap masuk, dan cookie "
        "keamanan untuk formulir. Percobaan masuk yang gagal dicatat bersama alamat IP untuk "
        "mencegah pembobolan akun.</p>"
        "<h2>Hak Anda</h2>"
        "<p>Dari halaman Akun Anda dapat mengunduh semua data Anda dan menghapus akun beserta "
        "seluruh datanya. Kami tidak menjual atau membagikan data pembaca kepada pihak "
        "lain.</p>",
    ),
    TrustPage.KONTAK: (
        "Kontak",
        "Hubungi redaksi Warta untuk informasi, koreksi, hak jawab, atau kerja sama.",
        "<h2>Redaksi</h2>"
        f"<p>{ADDRESS}<br>Email: redaksi@warta.example<br>Telepon: (021) 555-0121</p>"
        "<h2>Koreksi dan hak jawab</h2>"
        "<p>Kirim email ke koreksi@warta.example dengan judul dan alamat berita yang Anda "
        "maksud. Kami menanggapinya paling lambat dalam dua hari kerja.</p>"
        "<h2>Iklan dan kerja sama</h2>"
        "<p>Email: iklan@warta.example</p>",
    ),
}

REGIONAL_REDAKSI = {
    "jatim": (
        "Redaksi Warta Jatim",
        "Susunan redaksi Warta Jatim, bagian dari jaringan Warta.",
        "<h2>Penanggung jawab</h2>"
        "<ul><li><b>Pemimpin Redaksi</b>: Agus Santoso</li>"
        "<li><b>Redaktur</b>: Lestari Handayani</li></ul>"
        "<h2>Reporter</h2>"
        "<p>Fajar Ramadhan (Surabaya), Nurul Aini (Malang), Dimas Prasetyo (Kediri).</p>"
        "<h2>Alamat redaksi</h2>"
        "<p>Jalan Contoh Pahlawan No. 7, Surabaya 60174<br>"
        "Email: redaksi.jatim@warta.example<br>Telepon: (031) 555-0107</p>",
    ),
}


def ensure_trust_pages(national: Site, regions: list[Site]) -> int:
    """The network's defaults on the national site, and each region's own pages where it has
    them; returns how many were created."""
    created = 0
    for kind, (title, lead, body) in DEFAULTS.items():
        created += _ensure(national.root_page, kind, title, lead, body)
    for site in regions:
        slug = getattr(site, "region_slug", "") or site.sitesettings.slug
        if slug in REGIONAL_REDAKSI:
            title, lead, body = REGIONAL_REDAKSI[slug]
            created += _ensure(site.root_page, TrustPage.REDAKSI, title, lead, body)
    return created


def _ensure(home: Page, kind: str, title: str, lead: str, body: str) -> int:
    if TrustPage.objects.child_of(home).filter(kind=kind).exists():
        return 0
    page = TrustPage(kind=kind, slug=kind, title=title, lead=lead, body=body)
    add_published_page(page, parent=home)
    return 1
