"""Short stories written for the near-duplicate tests (invented events, no corpus text): one
wire report and another publisher's rewrite of it, and two columns of a series that open
with the same fixed introduction."""

FLOOD_TITLE = "Banjir Bandang Rendam 214 Rumah di Sukamaju, 37 Keluarga Mengungsi"
FLOOD = (
    "Banjir bandang melanda Kecamatan Sukamaju, Kabupaten Lembah Hijau, Senin dini hari. "
    "Badan Penanggulangan Bencana Daerah mencatat 214 rumah terendam dan 37 keluarga "
    "mengungsi ke balai desa. Kepala BPBD Lembah Hijau, Rina Marlina, mengatakan hujan deras "
    "selama enam jam membuat Sungai Ciawi meluap dan menjebol tanggul di dua titik. "
    "Ketinggian air sempat mencapai satu setengah meter di permukiman dekat pasar. "
    "Petugas gabungan dari TNI, Polri dan relawan mengevakuasi warga lanjut usia dengan "
    "perahu karet. Tidak ada korban jiwa, tetapi tiga warga dirawat di puskesmas karena "
    "luka ringan. Pemerintah kabupaten menyiapkan dapur umum dan membagikan selimut, "
    "makanan siap saji serta air bersih. Rina meminta warga di bantaran sungai tetap waspada "
    "karena hujan diperkirakan berlanjut hingga Rabu. Jalan provinsi yang menghubungkan "
    "Sukamaju dengan ibu kota kabupaten ditutup sementara karena tertimbun lumpur."
)
FLOOD_REWRITE_TITLE = "Sungai Ciawi Meluap, Ratusan Rumah di Lembah Hijau Terendam"
FLOOD_REWRITE = (
    "Ratusan rumah di Kecamatan Sukamaju, Kabupaten Lembah Hijau, terendam banjir bandang "
    "pada Senin dini hari setelah Sungai Ciawi meluap. Menurut BPBD setempat, sebanyak 214 "
    "rumah terdampak dan 37 keluarga terpaksa mengungsi ke balai desa. Kepala BPBD Rina "
    "Marlina menjelaskan hujan deras yang turun enam jam tanpa henti menjebol tanggul di dua "
    "titik. Air setinggi satu setengah meter menggenangi permukiman di sekitar pasar. "
    "Relawan bersama TNI dan Polri mengevakuasi warga lanjut usia memakai perahu karet. "
    "Tiga warga mengalami luka ringan dan dirawat di puskesmas, tidak ada korban jiwa. "
    "Dapur umum didirikan pemerintah kabupaten, yang juga membagikan selimut, makanan dan "
    "air bersih. Warga bantaran sungai diminta waspada karena hujan diprediksi turun hingga "
    "Rabu, sementara jalan provinsi menuju ibu kota kabupaten ditutup akibat lumpur."
)

COLUMN_INTRO = (
    "Catatan Pagi adalah kolom harian redaksi yang terbit setiap pagi sebelum pukul tujuh. "
    "Di kolom ini para penulis tamu berbagi pandangan tentang kota, kebiasaan warga, "
    "pasar tradisional, transportasi umum dan hal-hal kecil yang sering luput dari "
    "perhatian. Pendapat dalam kolom ini adalah pendapat pribadi penulis dan tidak selalu "
    "mencerminkan sikap redaksi. Pembaca dapat mengirim tanggapan melalui surel redaksi."
)
COLUMN_ONE_TITLE = "Catatan Pagi: Pasar Subuh yang Tak Pernah Tidur"
COLUMN_ONE = COLUMN_INTRO + (
    "\n\nPasar subuh di ujung jalan kami mulai ramai sebelum azan. Pedagang sayur dari "
    "lereng gunung menurunkan kol, wortel dan daun bawang dari bak truk. Ibu-ibu menawar "
    "cabai sambil bercanda, tukang parkir merapikan sepeda motor, dan penjual kopi keliling "
    "menuang gelas demi gelas. Semua orang seperti saling kenal."
)
COLUMN_TWO_TITLE = "Catatan Pagi: Bus Kota dan Sopir yang Hafal Penumpangnya"
COLUMN_TWO = COLUMN_INTRO + (
    "\n\nSopir bus kota jurusan terminal timur hafal wajah penumpang tetapnya. Ia menunggu "
    "mahasiswi yang selalu berlari dari gang, menyapa pensiunan guru yang duduk di kursi "
    "depan, dan menolak ongkos dari anak sekolah yang lupa membawa uang. Rute itu sudah ia "
    "jalani dua puluh tahun."
)

# A long report and a copy of it under another headline whose desk put its own paragraph
# first: the leads differ, the text is the same story.
PLACES = ["Sukamaju", "Cibening", "Tegalrejo", "Karanganyar", "Sidomulyo", "Margahayu"]
THINGS = ["rumah", "sumur", "jembatan", "sekolah", "kios", "musala", "gardu", "kandang"]
LONG_REPORT = " ".join(
    f"Di {PLACES[n % 6]} petugas mendata {n * 3} {THINGS[n % 8]} dan {n % 9 + 2} "
    f"{THINGS[(n + 3) % 8]} yang rusak."
    for n in range(1, 201)
)
NEW_FIRST_PARAGRAPH = (
    "Redaksi menerima laporan lengkap pendataan ulang itu Kamis sore dari kantor kecamatan, "
    "yang menyebut pekerjaan lapangan berlangsung dua pekan penuh tanpa hari libur dan "
    "melibatkan puluhan relawan muda dari karang taruna setempat. Bupati menyampaikan terima "
    "kasih kepada para relawan, kepala desa, bidan, guru honorer dan pengurus masjid yang ikut "
    "membantu, lalu berjanji anggaran perbaikan segera dibahas bersama dewan pekan depan. "
)
