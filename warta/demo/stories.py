"""Story kits for generated demo news. All people are fictional; places are real regions.
Each kit yields a headline, a summary, body paragraphs with one quote, and tags, so related
lists, search and feeds have real text to work with."""

from __future__ import annotations

import random
from dataclasses import dataclass

from warta.core.indonesia import dates

PEOPLE = [
    ("Budi Santoso", "Menteri Perdagangan"),
    ("Siti Rahmawati", "Kepala Dinas Kesehatan"),
    ("Andi Wijaya", "ekonom Universitas Nusantara"),
    ("Dewi Lestari", "Wali Kota"),
    ("Rudi Hartono", "Kapolda"),
    ("Maya Sari", "pelatih tim nasional"),
    ("Agus Prasetyo", "Direktur Utama PT Kereta Nusantara"),
    ("Nur Aini", "peneliti BRIN"),
    ("Hendra Gunawan", "Gubernur"),
    ("Lina Marlina", "Ketua DPRD"),
    ("Yusuf Hidayat", "Kepala BMKG wilayah"),
    ("Rina Kusuma", "pengamat politik"),
]
COUNTRIES = [
    "Jepang",
    "Korea Selatan",
    "Australia",
    "Malaysia",
    "Singapura",
    "Jerman",
    "Brasil",
    "Mesir",
    "India",
    "Kanada",
]
CITIES = [
    "Jakarta",
    "Surabaya",
    "Bandung",
    "Medan",
    "Makassar",
    "Denpasar",
    "Semarang",
    "Yogyakarta",
    "Palembang",
    "Balikpapan",
    "Jayapura",
    "Ambon",
    "Malang",
]
FOREIGN_CITIES = {
    "Jepang": "TOKYO",
    "Korea Selatan": "SEOUL",
    "Australia": "CANBERRA",
    "Malaysia": "KUALA LUMPUR",
    "Singapura": "SINGAPURA",
    "Jerman": "BERLIN",
    "Brasil": "BRASILIA",
    "Mesir": "KAIRO",
    "India": "NEW DELHI",
    "Kanada": "OTTAWA",
}


@dataclass
class Kit:
    topic: str
    headlines: list[str]
    paragraphs: list[str]
    quotes: list[str]
    # One lead per headline (same order), put before the kit's shared paragraphs: the
    # headlines are then different news on one topic, as related stories are, not one story
    # filed under several headlines (which the duplicate detector rightly calls copies).
    leads: list[str] | None = None


KITS: dict[str, list[Kit]] = {
    "nasional": [
        Kit(
            "Pemilu",
            [
                "KPU Mulai Verifikasi Data Pemilih di {city}",
                "{person} Minta Penyelenggara Pemilu di {city} Bersikap Netral",
                "Partisipasi Pemilih Muda di {city} Diprediksi Naik",
            ],
            [
                "Komisi Pemilihan Umum (KPU) {city} mulai memverifikasi daftar pemilih sementara. Petugas mendatangi rumah warga untuk mencocokkan data kependudukan.",
                "Menurut catatan panitia, sekitar {n} ribu pemilih pemula akan menggunakan hak pilihnya untuk pertama kali di {city}.",
                "Badan Pengawas Pemilu mengingatkan aparatur sipil negara agar tidak terlibat politik praktis selama tahapan kampanye.",
                "Sejumlah organisasi masyarakat sipil membuka posko pengaduan bagi warga yang belum terdaftar sebagai pemilih.",
            ],
            [
                "Kami ingin setiap warga yang berhak memilih tercatat dengan benar, tidak boleh ada yang tertinggal",
                "Netralitas penyelenggara adalah kunci kepercayaan publik terhadap hasil pemilu",
            ],
        ),
        Kit(
            "Transportasi",
            [
                "Jalur Kereta Baru {city} Mulai Diuji Coba Bulan Depan",
                "Arus Mudik di {city} Diprediksi Meningkat {n} Persen",
                "{person} Tinjau Kesiapan Terminal Bus di {city}",
            ],
            [
                "Pemerintah menargetkan uji coba jalur kereta di {city} selesai sebelum akhir tahun. Stasiun-stasiun baru telah dilengkapi fasilitas ramah difabel.",
                "Kementerian Perhubungan memperkirakan jumlah penumpang angkutan umum di {city} naik sekitar {n} persen dibanding tahun lalu.",
                "Petugas gabungan disiagakan di titik-titik rawan kemacetan, termasuk gerbang tol dan pelabuhan penyeberangan.",
                "Warga diimbau memeriksa jadwal keberangkatan secara daring untuk menghindari antrean panjang di loket.",
            ],
            [
                "Kami pastikan armada dan petugas siap melayani lonjakan penumpang",
                "Integrasi moda transportasi akan memangkas waktu tempuh warga setiap hari",
            ],
        ),
    ],
    "internasional": [
        Kit(
            "Korea Utara",
            [
                "Korea Utara Uji Coba Rudal Balistik, Jepang Protes Keras",
                "Rusia dan Korea Utara Perluas Kerja Sama Militer",
                "Kim Jong Un Tinjau Pabrik Amunisi, Analis Sebut untuk Rusia",
            ],
            [
                "Intelijen Korea Selatan menyebut Pyongyang memasok amunisi dan peluru artileri ke Rusia untuk perang di Ukraina.",
                "Dewan Keamanan PBB membahas sanksi baru terhadap program rudal dan senjata nuklir Korea Utara.",
                "Amerika Serikat, Jepang dan Korea Selatan sepakat memperketat pengawasan pengiriman barang dari pelabuhan Korea Utara.",
            ],
            [
                "Setiap pasokan senjata dari Korea Utara ke Rusia melanggar resolusi Dewan Keamanan",
                "Kerja sama militer kedua negara mengancam stabilitas kawasan",
            ],
            leads=[
                "Korea Utara kembali meluncurkan rudal balistik ke Laut Jepang pada Minggu pagi. Pemerintah Jepang dan Korea Selatan menyampaikan protes keras dan menggelar rapat darurat.",
                "Moskow dan Pyongyang menandatangani perjanjian yang memperluas latihan militer bersama serta pertukaran teknologi pertahanan. Kremlin menyebut kesepakatan itu sah dan tidak ditujukan kepada negara lain.",
                "Pemimpin Korea Utara Kim Jong Un meninjau pabrik amunisi dan meminta produksi peluru artileri ditingkatkan. Analis menilai peningkatan produksi itu untuk memenuhi permintaan Rusia.",
            ],
        ),
        Kit(
            "Diplomasi",
            [
                "Indonesia dan {country} Sepakati Kerja Sama Energi Bersih",
                "Menlu {country} Kunjungi Jakarta Bahas Keamanan Kawasan",
                "{country} Perketat Aturan Visa bagi Pekerja Asing",
            ],
            [
                "Pemerintah {country} dan Indonesia menandatangani nota kesepahaman yang mencakup pengembangan energi terbarukan dan pertukaran tenaga ahli.",
                "Pertemuan bilateral itu juga membahas stabilitas kawasan Asia Tenggara serta perlindungan pekerja migran.",
                "Pengamat hubungan internasional menilai kesepakatan ini membuka peluang investasi baru senilai {n} triliun rupiah.",
                "Kedua negara sepakat membentuk kelompok kerja bersama yang akan bertemu setiap enam bulan.",
            ],
            [
                "Kerja sama ini menguntungkan kedua pihak dan memperkuat hubungan yang sudah terjalin lama",
                "Kami ingin kawasan ini tetap damai dan terbuka bagi perdagangan",
            ],
        ),
        Kit(
            "Konflik",
            [
                "PBB Serukan Gencatan Senjata di Perbatasan {country}",
                "Ribuan Warga Mengungsi Akibat Bentrokan di {country}",
            ],
            [
                "Dewan Keamanan PBB menggelar sidang darurat setelah bentrokan bersenjata kembali pecah di wilayah perbatasan {country}.",
                "Lembaga kemanusiaan melaporkan sedikitnya {n} ribu warga mengungsi ke kamp-kamp sementara.",
                "Indonesia menyatakan siap mengirim bantuan kemanusiaan dan mendukung penyelesaian damai melalui dialog.",
            ],
            [
                "Yang paling menderita adalah warga sipil, karena itu senjata harus segera diletakkan",
            ],
        ),
    ],
    "ekonomi": [
        Kit(
            "Inflasi",
            [
                "Inflasi {month} Terkendali, Harga Beras di {city} Mulai Turun",
                "{person}: Daya Beli Masyarakat {city} Membaik",
            ],
            [
                "Badan Pusat Statistik mencatat inflasi tahunan sebesar {small} persen, lebih rendah dari perkiraan pasar.",
                "Harga beras medium di pasar tradisional {city} turun menjadi sekitar Rp{n}.000 per kilogram.",
                "Bank Indonesia menilai tekanan harga pangan mereda seiring masuknya musim panen.",
                "Pedagang berharap pasokan tetap lancar menjelang akhir tahun ketika permintaan biasanya meningkat.",
            ],
            [
                "Stabilitas harga pangan menjadi prioritas agar daya beli masyarakat terjaga",
            ],
        ),
    ],
    "bisnis": [
        Kit(
            "UMKM",
            [
                "UMKM Kuliner {city} Tembus Pasar Ekspor",
                "Pelaku UMKM {city} Dapat Akses Kredit Usaha Rakyat Lebih Mudah",
            ],
            [
                "Sejumlah pelaku usaha mikro, kecil dan menengah di {city} berhasil mengekspor produk olahan makanan ke {country}.",
                "Pemerintah daerah menyediakan pendampingan sertifikasi halal dan pengemasan bagi {n} pelaku usaha.",
                "Penyaluran kredit usaha rakyat tahun ini ditargetkan naik seiring bunga yang lebih rendah.",
            ],
            [
                "Produk lokal kita mampu bersaing asalkan kualitas dan kemasannya dijaga",
            ],
        ),
    ],
    "finansial": [
        Kit(
            "Pasar Modal",
            [
                "IHSG Ditutup Menguat, Saham Perbankan Jadi Penopang",
                "Rupiah Melemah Tipis terhadap Dolar AS Jelang Rapat Bank Sentral",
            ],
            [
                "Indeks Harga Saham Gabungan ditutup menguat {small} persen pada perdagangan sore ini.",
                "Investor asing mencatat pembelian bersih senilai Rp{n} miliar di seluruh pasar.",
                "Analis menilai pasar masih menunggu arah kebijakan suku bunga bank sentral pekan depan.",
            ],
            [
                "Sentimen global masih membayangi, tetapi fundamental ekonomi domestik cukup kuat",
            ],
        ),
    ],
    "olahraga": [
        Kit(
            "Atletik",
            [
                "Pelari {city} Pecahkan Rekor Nasional 10.000 Meter",
                "{city} Siap Jadi Tuan Rumah Kejuaraan Atletik Asia",
            ],
            [
                "Atlet asal {city} mencatat waktu terbaik dalam kejuaraan nasional atletik yang digelar akhir pekan lalu.",
                "Pengurus besar menyiapkan program latihan khusus menuju kejuaraan Asia tahun depan.",
                "Stadion utama {city} telah direnovasi dengan lintasan berstandar internasional.",
            ],
            [
                "Rekor ini hasil latihan keras selama dua tahun terakhir",
            ],
        ),
    ],
    "sepak-bola": [
        Kit(
            "Timnas",
            [
                "Timnas Indonesia Menang 2-1 atas {country} di Laga Uji Coba",
                "{person} Panggil {n} Pemain Muda untuk Pemusatan Latihan",
            ],
            [
                "Tim nasional Indonesia menundukkan {country} dalam laga uji coba yang berlangsung di {city}.",
                "Gol kemenangan dicetak pada menit-menit akhir melalui sundulan kepala setelah sepak pojok.",
                "Pelatih memanggil sejumlah pemain muda dari liga domestik untuk pemusatan latihan berikutnya.",
                "Suporter memadati stadion sejak sore hari dan menyanyikan lagu kebangsaan bersama-sama.",
            ],
            [
                "Anak-anak bermain disiplin dan tidak menyerah sampai peluit akhir",
            ],
        ),
    ],
    "bulu-tangkis": [
        Kit(
            "Bulu Tangkis",
            [
                "Ganda Putra Indonesia Melaju ke Final Terbuka {country}",
                "Tunggal Putri Indonesia Tersingkir di Perempat Final",
            ],
            [
                "Pasangan ganda putra Indonesia menang dua gim langsung di semifinal turnamen terbuka {country}.",
                "Di final, mereka akan menghadapi unggulan pertama yang belum terkalahkan musim ini.",
                "Pelatnas menargetkan minimal dua gelar dari rangkaian turnamen Asia.",
            ],
            [
                "Kami akan tampil lepas dan fokus pada pola permainan sendiri",
            ],
        ),
    ],
    "teknologi": [
        Kit(
            "Kecerdasan Buatan",
            [
                "Startup {city} Kembangkan Kecerdasan Buatan Berbahasa Daerah",
                "Pemerintah Siapkan Aturan Etika Kecerdasan Buatan",
            ],
            [
                "Perusahaan rintisan asal {city} melatih model bahasa yang memahami bahasa Jawa, Sunda dan Bugis.",
                "Pengembang mengumpulkan data dari arsip terbuka dan relawan penutur asli di {n} kabupaten.",
                "Kementerian Komunikasi dan Digital menyiapkan pedoman etika penggunaan kecerdasan buatan untuk layanan publik.",
            ],
            [
                "Teknologi harus melayani semua orang, termasuk mereka yang tidak berbahasa Indonesia sehari-hari",
            ],
        ),
        Kit(
            "Keamanan Siber",
            [
                "Data Pelanggan Bocor, {person} Minta Audit Keamanan Siber",
                "Serangan Ransomware Lumpuhkan Layanan Rumah Sakit di {city}",
            ],
            [
                "Badan Siber dan Sandi Negara menerima laporan kebocoran data yang berdampak pada sekitar {n} ribu pelanggan.",
                "Pakar keamanan siber menyarankan warga segera mengganti kata sandi dan mengaktifkan verifikasi dua langkah.",
                "Perusahaan terkait menyatakan telah menutup celah keamanan dan melapor ke otoritas perlindungan data.",
            ],
            [
                "Keamanan data pribadi bukan pilihan, melainkan kewajiban setiap penyelenggara sistem",
            ],
        ),
    ],
    "kesehatan": [
        Kit(
            "Demam Berdarah",
            [
                "Kasus Demam Berdarah di {city} Naik, Warga Diminta Waspada",
                "{person} Gencarkan Gerakan 3M Cegah DBD",
            ],
            [
                "Dinas Kesehatan {city} mencatat {n} kasus demam berdarah dengue sejak awal musim hujan.",
                "Petugas puskesmas melakukan pengasapan di permukiman padat dan memeriksa jentik nyamuk dari rumah ke rumah.",
                "Warga diminta menguras, menutup dan mendaur ulang barang bekas yang bisa menampung air.",
            ],
            [
                "Pencegahan paling efektif dimulai dari rumah masing-masing",
            ],
        ),
    ],
    "pendidikan": [
        Kit(
            "Sekolah",
            [
                "Ribuan Guru Honorer di {city} Diangkat Jadi PPPK",
                "Sekolah di {city} Terapkan Kurikulum Literasi Digital",
            ],
            [
                "Pemerintah daerah {city} mengangkat {n} guru honorer menjadi pegawai pemerintah dengan perjanjian kerja.",
                "Kurikulum baru menekankan kemampuan membaca kritis dan memeriksa kebenaran informasi di internet.",
                "Orang tua murid menyambut baik program tersebut, meski berharap sarana komputer di sekolah ditambah.",
            ],
            [
                "Guru adalah ujung tombak, kesejahteraan mereka harus diperhatikan",
            ],
        ),
    ],
    "otomotif": [
        Kit(
            "Mobil Listrik",
            [
                "Penjualan Mobil Listrik Naik {n} Persen Tahun Ini",
                "SPKLU Baru Dibuka di Jalur Tol {city}",
            ],
            [
                "Gabungan industri kendaraan mencatat penjualan mobil listrik naik {n} persen dibanding tahun lalu.",
                "Stasiun pengisian kendaraan listrik umum kini tersedia di setiap rest area jalur tol utama.",
                "Insentif pajak membuat harga mobil listrik semakin terjangkau bagi keluarga muda.",
            ],
            [
                "Infrastruktur pengisian daya yang merata akan menghapus kekhawatiran pengguna",
            ],
        ),
    ],
    "hiburan": [
        Kit(
            "Film",
            [
                "Film Horor Lokal Tembus {n} Juta Penonton",
                "Festival Film {city} Umumkan Daftar Nomine",
            ],
            [
                "Film horor produksi rumah produksi lokal menembus {n} juta penonton dalam tiga pekan penayangan.",
                "Sutradara mengaku terinspirasi cerita rakyat yang ia dengar sejak kecil di {city}.",
                "Festival film tahun ini menerima lebih dari seribu judul dari seluruh Indonesia.",
            ],
            [
                "Penonton Indonesia semakin percaya pada cerita dari negeri sendiri",
            ],
        ),
    ],
}
REGIONAL_KITS = [
    Kit(
        "Banjir",
        [
            "Banjir Rendam Ratusan Rumah di {region_city}",
            "Pemkot {region_city} Normalisasi Sungai Cegah Banjir",
        ],
        [
            "Hujan deras sejak dini hari membuat sungai meluap dan merendam permukiman warga di {region_city}.",
            "Badan Penanggulangan Bencana Daerah mengerahkan perahu karet untuk mengevakuasi {n} warga.",
            "Pemerintah kota menyiapkan dapur umum dan posko kesehatan di sejumlah titik pengungsian.",
            "Warga berharap normalisasi sungai segera dituntaskan agar banjir tidak terulang setiap tahun.",
        ],
        [
            "Kami minta warga di bantaran sungai waspada dan segera mengungsi bila air naik",
        ],
    ),
    Kit(
        "Pariwisata",
        [
            "Kunjungan Wisatawan ke {province} Naik Jelang Libur Panjang",
            "Festival Budaya {region_city} Tarik Ribuan Pengunjung",
        ],
        [
            "Dinas Pariwisata {province} mencatat kenaikan kunjungan wisatawan sekitar {n} persen dibanding bulan lalu.",
            "Festival budaya di {region_city} menampilkan tarian tradisional, kuliner khas dan pameran kerajinan.",
            "Pelaku usaha penginapan menyambut baik lonjakan tamu setelah sepi selama musim hujan.",
        ],
        [
            "Pariwisata menghidupkan ekonomi warga, dari pedagang kecil sampai pemandu lokal",
        ],
    ),
    Kit(
        "Infrastruktur",
        [
            "Jalan Provinsi di {province} Rusak Parah, Warga Tanam Pohon Pisang",
            "Jembatan Baru Hubungkan Dua Kecamatan di {region_city}",
        ],
        [
            "Warga memprotes kerusakan jalan provinsi yang tak kunjung diperbaiki dengan menanam pohon pisang di tengah jalan.",
            "Dinas Pekerjaan Umum {province} berjanji memperbaiki ruas sepanjang {n} kilometer tahun ini.",
            "Jembatan baru diharapkan memangkas waktu tempuh warga menuju pasar dan sekolah.",
        ],
        [
            "Perbaikan sudah masuk anggaran, pengerjaan dimulai bulan depan",
        ],
    ),
    Kit(
        "Pertanian",
        [
            "Petani {province} Panen Raya, Harga Gabah Stabil",
            "Pupuk Langka, Petani di {region_city} Mengeluh",
        ],
        [
            "Petani di {province} memasuki panen raya dengan hasil rata-rata {small} ton per hektare.",
            "Harga gabah kering panen di tingkat petani relatif stabil berkat penyerapan oleh Bulog.",
            "Kelompok tani meminta distribusi pupuk bersubsidi diperbaiki agar tidak terlambat saat musim tanam.",
        ],
        [
            "Kalau pupuk datang tepat waktu, hasil panen kami bisa lebih baik lagi",
        ],
    ),
]
MONTHS = dates.MONTHS["id"]  # the month names readers see in dates


@dataclass
class Story:
    title: str
    summary: str
    dateline: str
    paragraphs: list[str]
    quote: str
    speaker: str
    speaker_role: str
    tags: list[str]
    kit_topic: str


def _fill(template: str, slots: dict) -> str:
    return template.format(**slots)


def make_story(rng: random.Random, channel_slug: str, region: dict | None = None) -> Story:
    kits = REGIONAL_KITS if region else KITS.get(channel_slug) or KITS["nasional"]
    kit = rng.choice(kits)
    person, role = rng.choice(PEOPLE)
    country = rng.choice(COUNTRIES)
    city = region["city"] if region else rng.choice(CITIES)
    slots = {
        "person": person,
        "city": city,
        "country": country,
        "n": rng.randint(3, 95),
        "small": f"{rng.randint(1, 9)},{rng.randint(0, 9)}",
        "month": rng.choice(MONTHS),
        "region_city": region["city"] if region else city,
        "province": region["province"] if region else "Jawa Barat",
    }
    chosen = rng.randrange(len(kit.headlines))  # as rng.choice: the same draws
    title = _fill(kit.headlines[chosen], slots)
    paragraphs = [_fill(p, slots) for p in kit.paragraphs]
    rest = paragraphs[1:]
    rng.shuffle(rest)  # the lead stays first, the rest in a story's own order
    paragraphs = paragraphs[:1] + rest
    if kit.leads:
        paragraphs.insert(0, _fill(kit.leads[chosen], slots))
    if channel_slug == "internasional":
        dateline = FOREIGN_CITIES[country]
    else:
        dateline = (region["city"] if region else city).upper()
    summary = paragraphs[0].split(". ")[0].rstrip(".") + "."
    tags = [kit.topic, slots["region_city"] if region else city]
    if "{country}" in "".join(kit.headlines + kit.paragraphs):
        tags.append(country)
    if "{person}" in title:
        tags.append(person)
    return Story(
        title=title,
        summary=summary,
        dateline=dateline,
        paragraphs=paragraphs,
        quote=rng.choice(kit.quotes),
        speaker=person,
        speaker_role=role,
        tags=tags,
        kit_topic=kit.topic,
    )
