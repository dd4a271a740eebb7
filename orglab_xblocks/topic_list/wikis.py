"""Which Wikipedias exist, how their database names, languages and hosts relate, and which title
prefixes are namespaces (so that a topic list refuses "Usuario:Ana" or "Category:Climate").

Sources (as of early 2026): Wikimedia's operations-mediawiki-config (the Wikipedia dblist less
closed.dblist; `wgCapitalLinks`; the per-wiki namespace names, aliases and project names) and
MediaWiki core's and extensions' localized namespace names. Standard library only.
"""
from __future__ import annotations

import re
import unicodedata

# Language subdomains of the open (not closed, not test) Wikipedias: <code>.wikipedia.org.
WIKIPEDIA_LANGUAGES: frozenset[str] = frozenset("""
ab ace ady af ak als alt ami am ang ann anp an arc ar ary arz ast as atj avk av awa ay azb az ban
bar bat-smg ba bbc bcl bdr be-tarask be bew bg bh bi bjn blk bm bn bol bo bpy br bs btm bug bxr ca
cbk-zam cdo ceb ce chr ch chy ckb co crh cr csb cs cu cv cy dag da de dga din diq dsb dtp dty dv dz
ee el eml en eo es et eu ext fat fa ff fiu-vro fi fj fon fo frp frr fr fur fy gag gan ga gcr gd glk
gl gn gom gor got gpe guc gur gu guw gv hak ha haw he hif hi hr hsb ht hu hy hyw ia iba id ie igl ig
ik ilo inh io isv is it iu jam ja jbo jv kaa kab kai kaj ka kbd kbp kcg kge kg ki kk kl km knc kn
koi ko krc ksh ks kus ku kv kw ky lad la lbe lb lez lfn lg lij li lld lmo ln lo lrc ltg lt lv mad
mag mai map-bms mdf mg mhr min mi mk ml mni mn mnw mos mrj mr ms mt mwl myv my mzn nah nap na nds-nl
nds ne new nia nl nn nov no nqo nrm nr nso nup nv ny oc olo om or os pag pam pap pa pcd pcm pdc pfl
pih pi pl pms pnb pnt ppl ps pt pwn qu rki rm rmy rn roa-rup roa-tara ro rsk rue ru rw sah sat sa
scn sco sc sd se sg shi shn sh simple si skr sk sl smn sm sn so sq srn sr ss stq st su sv sw syl szl
szy ta tay tcy tdd tet te tg th tig ti tk tl tly tn tok to tpi trv tr ts tt tum tw tyv ty udm ug uk
ur uz vec vep ve vi vls vo war wa wo wuu xal xh xmf yi yo za zea zgh zh-classical zh-min-nan zh-yue
zh zu
""".split())

# Wikipedias that still have a database and a host but are closed (read-only): not offered.
CLOSED_WIKIPEDIA_LANGUAGES: frozenset[str] = frozenset("aa cho ho hz ii kj kr mh mo mus ng".split())

# Database names of the Wikipedias that do not upper-case a title's first letter ($wgCapitalLinks = false).
FIRST_LETTER_CASE_SENSITIVE: frozenset[str] = frozenset({"jbowiki", "pwnwiki", "szywiki", "taywiki", "tokwiki"})

# Language codes whose database name is not the code with "_" for "-".
_DBNAME_OF = {"be-tarask": "be_x_oldwiki"}
_LANGUAGE_OF = {dbname: code for code, dbname in _DBNAME_OF.items()}
# Old subdomains that still redirect to a Wikipedia.
_HOST_ALIASES = {"be-x-old": "be-tarask"}

_HOST = re.compile(r"^([a-z0-9-]+)(?:\.m)?\.wikipedia\.org$")


def dbname(language: str) -> str:
    """The database name of the Wikipedia in `language` (its subdomain): `en` → `enwiki`,
    `zh-min-nan` → `zh_min_nanwiki`, `be-tarask` → `be_x_oldwiki`. Any string is mapped the same
    way, existing or not: check the result with `is_wikipedia`."""
    code = language.strip().lower()
    code = _HOST_ALIASES.get(code, code)
    return _DBNAME_OF.get(code) or f"{code.replace('-', '_')}wiki"


def language(dbname: str) -> str | None:
    """The language subdomain of an open Wikipedia's database name (`be_x_oldwiki` → `be-tarask`);
    None when `dbname` is not one (Wikidata, Commons, other projects, closed or unknown wikis)."""
    if not isinstance(dbname, str):
        return None
    name = dbname.strip().lower()
    code = _LANGUAGE_OF.get(name)
    if code is None:
        if not name.endswith("wiki"):
            return None
        code = name[: -len("wiki")].replace("_", "-")
    return code if code in WIKIPEDIA_LANGUAGES else None


def is_wikipedia(dbname: str) -> bool:
    """Whether `dbname` is the database name of an open Wikipedia."""
    return language(dbname) is not None


# Longest text read as a database name (the longest real one is under 25 characters).
MAX_DBNAME_INPUT = 64


def normalize_dbname(value: object) -> str | None:
    """The canonical database name of the open Wikipedia that `value` names, surrounding
    whitespace and letter case ignored (`" ESWIKI\\n"` → `eswiki`, `be-taraskwiki` →
    `be_x_oldwiki`, `zh-min-nanwiki` → `zh_min_nanwiki`); None for anything else (not text,
    not ASCII, not a Wikipedia). Every wiki name that enters a topic list goes through here."""
    if not isinstance(value, str) or len(value) > MAX_DBNAME_INPUT:
        return None
    name = value.strip()
    if not name.isascii():
        return None
    code = language(name)
    return None if code is None else dbname(code)


def host(dbname: str) -> str:
    """The host of a Wikipedia given by its database name: `eswiki` → `es.wikipedia.org`;
    ValueError when it is not an open Wikipedia."""
    code = language(dbname)
    if code is None:
        raise ValueError(f"not a Wikipedia database name: {dbname!r}")
    return f"{code}.wikipedia.org"


def from_host(host: str) -> str | None:
    """The database name of the Wikipedia at `host`, desktop or mobile, any case
    (`es.wikipedia.org`, `ES.m.Wikipedia.org` → `eswiki`); None for any other host."""
    if not isinstance(host, str):
        return None
    name = host.strip().lower().rstrip(".")
    name = re.sub(r":[0-9]+$", "", name)
    match = _HOST.match(name)
    if not match:
        return None
    code = _HOST_ALIASES.get(match.group(1), match.group(1))
    return dbname(code) if code in WIKIPEDIA_LANGUAGES else None


# --------------------------------------------------------------------------- namespaces

# Characters that do not tell namespace names apart: zero-width (non-)joiners and direction marks.
_INVISIBLE = dict.fromkeys(map(ord, "\u200c\u200d\u200e\u200f"))


def _normalize(name: str) -> str:
    """How a namespace name is written here: NFC, lowercase, spaces for underscores, single spaces."""
    text = unicodedata.normalize("NFC", name).replace("_", " ")
    return " ".join(text.split()).lower()


def _key(name: str) -> str:
    return _normalize(name).translate(_INVISIBLE)


def _names(*groups: str) -> frozenset[str]:
    """Namespace names given as "|"-separated strings, normalized."""
    return frozenset(_normalize(name) for group in groups for name in group.split("|") if name.strip())


# Names that are namespaces on (nearly) every Wikipedia: MediaWiki's canonical names, the aliases
# Image, Project and WP/WT, and the namespaces of extensions deployed on all Wikimedia wikis
# (Scribunto, TimedMediaHandler, Gadgets, Flow, CampaignEvents). Portal and Draft exist on most
# large Wikipedias.
CANONICAL_NAMESPACES: frozenset[str] = _names(
    "Media|Special|Talk|User|User_talk|Project|Project_talk|Wikipedia|Wikipedia_talk|WP|WT",
    "File|File_talk|Image|Image_talk|MediaWiki|MediaWiki_talk|Template|Template_talk",
    "Help|Help_talk|Category|Category_talk|Portal|Portal_talk|Draft|Draft_talk",
    "Module|Module_talk|TimedText|TimedText_talk|Gadget|Gadget_talk",
    "Gadget_definition|Gadget_definition_talk|Topic|Event|Event_talk",
)

# Localized names (with talk forms and aliases) of the Wikipedias most used in the Organizer Lab:
# MediaWiki core and Scribunto's names for the language, plus the wiki's own namespaces and aliases.
_LOCALIZED: dict[str, tuple[str, ...]] = {
    "es": (
        "Medio|Especial|Discusión|Usuario|Usuaria|Usuario_discusión|Usuaria_discusión|Wikipedia_discusión",
        "Archivo|Archivo_discusión|Imagen|Imagen_discusión|MediaWiki_discusión|Plantilla|Plantilla_discusión",
        "Ayuda|Ayuda_discusión|Categoría|Categoría_discusión|Módulo|Módulo_discusión",
        "Accesorio|Accesorio_discusión|Definición_de_accesorio|Definición_de_accesorio_discusión",
        "Portal_discusión|Wikiproyecto|Wikiproyecto_discusión|Anexo|Anexo_discusión|CAT|PR",
    ),
    "pt": (
        "Multimédia|Mídia|Especial|Discussão|Utilizador|Utilizadora|Usuário|Usuária|Usuário(a)",
        "Utilizador_Discussão|Utilizadora_Discussão|Usuário_Discussão|Usuária_Discussão|Usuário(a)_Discussão",
        "Wikipédia|Wikipédia_Discussão|Wikipedia_Discussão|Ficheiro|Ficheiro_Discussão|Arquivo|Arquivo_Discussão",
        "Imagem|Imagem_Discussão|MediaWiki_Discussão|Predefinição|Predefinição_Discussão|Ajuda|Ajuda_Discussão",
        "Categoria|Categoria_Discussão|Módulo|Módulo_Discussão|Portal_Discussão|Discussão_Portal",
        "Livro|Livro_Discussão",
    ),
    "fr": (
        "Média|Spécial|Discussion|Discuter|Utilisateur|Utilisatrice|Discussion_utilisateur",
        "Discussion_utilisatrice|Wikipédia|Discussion_Wikipédia|Discussion_Wikipedia|DW",
        "Fichier|Discussion_fichier|Discussion_image|Discussion_MediaWiki|Modèle|Discussion_modèle",
        "Aide|Discussion_aide|Catégorie|Discussion_catégorie|Discussion_module",
        "Portail|Discussion_Portail|Projet|Discussion_Projet|Référence|Discussion_Référence",
    ),
    "de": (
        "Medium|Spezial|Diskussion|Benutzer|Benutzerin|Benutzer_Diskussion|Benutzerin_Diskussion",
        "Wikipedia_Diskussion|Datei|Datei_Diskussion|Bild|Bild_Diskussion|MediaWiki_Diskussion",
        "Vorlage|Vorlage_Diskussion|Hilfe|Hilfe_Diskussion|Kategorie|Kategorie_Diskussion",
        "Modul|Modul_Diskussion|Portal_Diskussion|P|PD|WD|BD|H|HD",
    ),
    "it": (
        "Speciale|Discussione|Utente|Discussioni_utente|Discussioni_Wikipedia|Discussioni_file",
        "Immagine|Discussioni_immagine|Discussioni_MediaWiki|Discussioni_template|Aiuto|Discussioni_aiuto",
        "Categoria|Discussioni_categoria|Modulo|Discussioni_modulo|Portale|Discussioni_portale",
        "Progetto|Discussioni_progetto|Bozza|Discussioni_bozza|CAT|DP|DW|T",
    ),
    "ar": (
        "ميديا|خاص|نقاش|مستخدم|مستخدمة|نقاش_المستخدم|نقاش_المستخدمة|ويكيبيديا|نقاش_ويكيبيديا|وب|نو",
        "ملف|نقاش_الملف|صورة|نقاش_الصورة|ميدياويكي|نقاش_ميدياويكي|قالب|نقاش_القالب",
        "مساعدة|نقاش_المساعدة|تصنيف|نقاش_التصنيف|وحدة|نقاش_الوحدة|بوابة|نقاش_البوابة",
    ),
    "fa": (
        "مدیا|ویژه|بحث|کاربر|بحث_کاربر|كاربر|بحث_كاربر|بک|ویکی\u200cپدیا|بحث_ویکی\u200cپدیا|وپ|بوپ",
        "ویکی_پدیا|ويكي_پديا|ويکيپديا|بحث_ویکی_پدیا|بحث_ويکي_پديا|بحث_ويکيپديا",
        "پرونده|بحث_پرونده|تصویر|بحث_تصویر|مدیاویکی|بحث_مدیاویکی|الگو|بحث_الگو|راهنما|بحث_راهنما|ره",
        "رده|بحث_رده|پودمان|بحث_پودمان|پود|درگاه|بحث_درگاه",
        "پیش\u200cنویس|بحث_پیش\u200cنویس|پیشنویس|بحث_پیشنویس|پيشنويس|بحث_پيشنويس",
        "پیش_نویس|بحث_پیش_نویس|پيش_نويس|بحث_پيش_نويس",
    ),
    "sw": (
        "Faili|Maalum|Majadiliano|Mtumiaji|Majadiliano_ya_mtumiaji|Majadiliano_ya_Wikipedia",
        "Wikipedia_majadiliano|Picha|Majadiliano_ya_faili|Majadiliano_faili|Majadiliano_ya_MediaWiki",
        "MediaWiki_majadiliano|Kigezo|Majadiliano_ya_kigezo|Kigezo_majadiliano|Msaada|Majadiliano_ya_msaada",
        "Msaada_majadiliano|Jamii|Majadiliano_ya_jamii|Jamii_majadiliano",
        "Lango|Majadiliano_ya_lango|Wikichanzo|Majadiliano_ya_Wikichanzo",
    ),
    "id": (
        "Istimewa|Pembicaraan|Bicara|Pengguna|Pembicaraan_Pengguna|Bicara_Pengguna|Pembicaraan_Wikipedia",
        "Berkas|Pembicaraan_Berkas|Gambar|Pembicaraan_Gambar|Gambar_Pembicaraan|Pembicaraan_MediaWiki",
        "MediaWiki_Pembicaraan|Templat|Pembicaraan_Templat|Templat_Pembicaraan|Bantuan|Pembicaraan_Bantuan",
        "Bantuan_Pembicaraan|Kategori|Pembicaraan_Kategori|Kategori_Pembicaraan|Modul|Pembicaraan_Modul",
        "Pembicaraan_Portal",
    ),
    "ru": (
        "Медиа|Служебная|Обсуждение|Участник|Участница|Обсуждение_участника|Обсуждение_участницы",
        "Википедия|Обсуждение_Википедии|Файл|Обсуждение_файла|Изображение|Обсуждение_изображения",
        "Обсуждение_MediaWiki|Шаблон|Обсуждение_шаблона|Справка|Обсуждение_справки|Категория",
        "Обсуждение_категории|Модуль|Обсуждение_модуля|Портал|Обсуждение_портала|Инкубатор",
        "Обсуждение_Инкубатора|Проект|Обсуждение_проекта|Арбитраж|Обсуждение_арбитража|Arbcom",
        "У|U|ОУ|UT|Ш|T|К|ВП|И|ПРО|АК|ОПРО",
    ),
    "uk": (
        "Медіа|Спеціальна|Обговорення|Користувач|Користувачка|Обговорення_користувача",
        "Обговорення_користувачки|Вікіпедія|Обговорення_Вікіпедії|ВП|Файл|Обговорення_файлу",
        "Зображення|Обговорення_зображення|Обговорення_MediaWiki|Шаблон|Обговорення_шаблону|Довідка",
        "Обговорення_довідки|Категорія|Обговорення_категорії|Модуль|Обговорення_модуля|Портал",
        "Обговорення_порталу",
    ),
    "hi": (
        "मीडिया|विशेष|वार्ता|सदस्य|सदस्य_वार्ता|विकिपीडिया|विकिपीडिया_वार्ता|चित्र|चित्र_वार्ता",
        "मीडियाविकि|मीडियाविकि_वार्ता|साँचा|साँचा_वार्ता|सहायता|सहायता_वार्ता|श्रेणी|श्रेणी_वार्ता",
        "मॉड्यूल|मॉड्यूल_वार्ता|अनुखंड|अनुखंड_वार्ता|प्रवेशद्वार|प्रवेशद्वार_वार्ता",
        "वि|विवा|WPT|U|UT|स|सवा|श्र|श्रवा|CT|सा|सावा|T|मी|मीवा|P|प्र|प्रवा",
    ),
    "bn": (
        "মিডিয়া|বিশেষ|আলাপ|ব্যবহারকারী|ব্যবহারকারী_আলাপ|উইকিপিডিয়া|উইকিপিডিয়া_আলোচনা|উইকিপিডিয়া_আলাপ",
        "চিত্র|চিত্র_আলোচনা|চিত্র_আলাপ|মিডিয়াউইকি|মিডিয়াউইকি_আলোচনা|MediaWiki_আলাপ",
        "টেমপ্লেট|টেমপ্লেট_আলোচনা|সাহায্য|সাহায্য_আলোচনা|বিষয়শ্রেণী|বিষয়শ্রেণী_আলোচনা|মডিউল|মডিউল_আলাপ",
        "প্রবেশদ্বার|প্রবেশদ্বার_আলোচনা|খসড়া|খসড়া_আলোচনা",
    ),
    # zhwiki shows the English names; the Chinese ones (both scripts) are aliases.
    "zh": (
        "媒体|媒體|特殊|对话|對話|讨论|討論|用户|用戶|用户对话|用戶對話|用户讨论|用戶討論",
        "维基百科|維基百科|维基百科讨论|维基百科对话|維基百科討論|維基百科對話",
        "图像|圖像|档案|檔案|文件|图像对话|圖像對話|图像讨论|圖像討論|档案对话|檔案對話|档案讨论|檔案討論",
        "文件对话|文件對話|文件讨论|文件討論|MediaWiki对话|MediaWiki對話|MediaWiki讨论|MediaWiki討論",
        "模板|样板|樣板|模板对话|模板對話|模板讨论|模板討論|样板对话|樣板對話|样板讨论|樣板討論",
        "帮助|幫助|帮助对话|幫助對話|帮助讨论|幫助討論|分类|分類|分类对话|分類對話|分类讨论|分類討論",
        "模块|模組|模组|模塊|模块讨论|模块对话|模組討論|模組對話|模组讨论|模组对话|模塊討論|模塊對話",
        "主题|主題|主题讨论|主题对话|主題討論|主題對話|WikiProject|WikiProject_talk",
        "专题|專題|维基专题|維基專題|专题讨论|专题对话|專題討論|專題對話",
        "维基专题讨论|维基专题对话|維基專題討論|維基專題對話|草稿|U|UT|T|H|CAT|P|PJ|WPJ|PJT|WPJT",
    ),
    "ja": (
        "メディア|特別|ノート|トーク|利用者|利用者‐会話|利用者・トーク|Wikipedia‐ノート|Wikipedia・トーク",
        "ファイル|ファイル‐ノート|ファイル・トーク|画像|画像‐ノート|MediaWiki‐ノート|MediaWiki・トーク",
        "Template‐ノート|テンプレート|テンプレート・トーク|Help‐ノート|ヘルプ|ヘルプ・トーク",
        "Category‐ノート|カテゴリ|カテゴリ・トーク|Portal‐ノート|ポータル‐ノート|Portal・トーク",
        "プロジェクト|プロジェクト‐ノート|プロジェクト・トーク|モジュール|モジュール‐ノート|モジュール・トーク",
    ),
    "ca": (
        "Multimèdia|Especial|Discussió|Usuari|Usuària|Usuari_Discussió|Usuària_Discussió|Viquipèdia",
        "Viquipèdia_Discussió|Fitxer|Fitxer_Discussió|Imatge|Imatge_Discussió|MediaWiki_Discussió",
        "Plantilla|Plantilla_Discussió|Ajuda|Ajuda_Discussió|Categoria|Categoria_Discussió",
        "Mòdul|Mòdul_Discussió|Portal_Discussió|Viquiprojecte|Viquiprojecte_Discussió",
    ),
    "eu": (
        "Berezi|Eztabaida|Lankide|Lankide_eztabaida|Wikipedia_eztabaida|Fitxategi|Fitxategi_eztabaida",
        "Irudi|Irudi_eztabaida|MediaWiki_eztabaida|Txantiloi|Txantiloi_eztabaida|Laguntza|Laguntza_eztabaida",
        "Kategoria|Kategoria_eztabaida|Modulu|Modulu_eztabaida|Atari|Atari_eztabaida|Wikiproiektu",
        "Wikiproiektu_eztabaida|Txikipedia|Txikipedia_eztabaida|Zerrenda|Zerrenda_eztabaida",
    ),
    "gl": (
        "Multimedia|Especial|Conversa|Usuario|Usuaria|Conversa_usuario|Conversa_usuaria|Conversa_Wikipedia",
        "Ficheiro|Conversa_ficheiro|Imaxe|Conversa_imaxe|Conversa_MediaWiki|Modelo|Conversa_modelo",
        "Axuda|Conversa_axuda|Categoría|Conversa_categoría|Módulo|Conversa_módulo|Conversa_portal",
        "Libro|Conversa_libro",
    ),
    "yo": (
        "Amóhùnmáwòrán|Pàtàkì|Ọ̀rọ̀|Oníṣe|Ọ̀rọ̀_oníṣe|Ọ̀rọ̀_Wikipedia|Fáìlì|Ọ̀rọ̀_fáìlì|Àwòrán|Ọ̀rọ̀_àwòrán",
        "Ọ̀rọ̀_mediaWiki|Àdàkọ|Ọ̀rọ̀_àdàkọ|Ìrànlọ́wọ́|Ọ̀rọ̀_ìrànlọ́wọ́|Ẹ̀ka|Ọ̀rọ̀_ẹ̀ka",
        "Èbúté|Ọ̀rọ̀_èbúté|Ìwé|Ọ̀rọ̀_ìwé|Book|Book_talk",
    ),
    "ig": (
        "Midia|Nká|Ọpụrụiche|Ihü_kárírí|Ṅkàtá|Okwu|Ojiarụ|Ọbanife|Ọ'bànifé|Ṅkàtá_ojiarụ|Okwu_ọbanife",
        "Okwu_ọ'bànifé|Ṅkàtá_Wikipedia|Okwu_Wikipedia|Faịlụ|Usòrò|Ákwúkwó_orünotu|Ṅkàtá_faịlụ|Okwu_usòrò",
        "Okwu_ákwúkwó_orünotu|MidiaWiki|NkáWiki|Ṅkàtá_MidiaWiki|Okwu_MidiaWiki|Okwu_NkáWiki|Templeeti|Àtụ",
        "Ṅkàtá_templeeti|Okwu_àtụ|Enyemaka|Nkwádọ|Nkwadọ|Ṅkàtá_enyemaka|Okwu_nkwádọ|Okwu_nkwadọ",
        "Otú|Òtù|Ébéonọr|Ṅkàtá_otú|Okwu_òtù|Okwu_ébéonọr",
    ),
}

# The project namespace ($wgMetaNamespace) of the Wikipedias where it is not "Wikipedia".
_PROJECT_NAMES: dict[str, str] = {
    "ab": "Авикипедиа", "ady": "Википедие", "am": "ውክፔዲያ", "alt": "Википедия", "ang": "Wikipǣdia",
    "anp": "विकिपीडिया", "arc": "ܘܝܩܝܦܕܝܐ", "ar": "ويكيبيديا", "ary": "ويكيپيديا", "arz": "ويكيبيديا",
    "as": "ৱিকিপিডিয়া", "atj": "Wikipetcia", "av": "Википедия", "awa": "विकिपीडिया", "ay": "Wikipidiya",
    "az": "Vikipediya", "azb": "ویکیپدیا", "ba": "Википедия", "ban": "Wikipédia", "bat-smg": "Vikipedėjė",
    "be-tarask": "Вікіпэдыя", "be": "Вікіпедыя", "bg": "Уикипедия", "bh": "विकिपीडिया", "bjn": "Wikipidia",
    "blk": "ဝီခီပီးဒီးယား", "bn": "উইকিপিডিয়া", "bpy": "উইকিপিডিয়া", "bxr": "Википеэди", "ca": "Viquipèdia",
    "ce": "Википеди", "ckb": "ویکیپیدیا", "crh": "Vikipediya", "csb": "Wiki", "cs": "Wikipedie",
    "cu": "Википєдїꙗ", "cv": "Википеди", "cy": "Wicipedia", "dsb": "Wikipedija", "dty": "विकिपिडिया",
    "dv": "ވިކިޕީޑިއާ", "el": "Βικιπαίδεια", "eo": "Vikipedio", "et": "Vikipeedia", "ext": "Güiquipedia",
    "fa": "ویکی\u200cپدیا", "fon": "Wikipedya", "frp": "Vouiquipèdia", "fr": "Wikipédia", "fur": "Vichipedie",
    "fy": "Wikipedy", "ga": "Vicipéid", "gag": "Vikipediya", "gcr": "Wikipédja", "gd": "Uicipeid",
    "gn": "Vikipetã", "gom": "विकिपीडिया", "guc": "Wikipeetia", "gur": "Wikipiidiya", "gu": "વિકિપીડિયા",
    "he": "ויקיפדיה", "hi": "विकिपीडिया", "hr": "Wikipedija", "hsb": "Wikipedija", "ht": "Wikipedya",
    "hu": "Wikipédia", "hy": "Վիքիպեդիա", "hyw": "Ուիքիփետիա", "inh": "Википеди", "io": "Wikipedio",
    "iu": "ᐅᐃᑭᐱᑎᐊ", "jam": "Wikipidia", "jbo": "uikipedi'as", "jv": "Wikipédia", "ka": "ვიკიპედია",
    "kbd": "Уикипедиэ", "kbp": "Wikipediya", "kcg": "Wukipedia", "kk": "Уикипедия", "km": "វិគីភីឌា",
    "kn": "ವಿಕಿಪೀಡಿಯ", "koi": "Википедия", "ko": "위키백과", "krc": "Википедия", "ks": "وِکیٖپیٖڈیا",
    "ku": "Wîkîpediya", "kv": "Википедия", "ky": "Википедия", "la": "Vicipaedia", "lad": "Vikipedya",
    "lbe": "Википедия", "lez": "Википедия", "lfn": "Vicipedia", "lo": "ວິກິພີເດຍ", "lrc": "ڤیکیپئدیا",
    "ltg": "Vikipedeja", "lt": "Vikipedija", "lv": "Vikipēdija", "mad": "Wikipèḍia", "mai": "विकिपिडिया",
    "mdf": "Википедиесь", "mhr": "Википедий", "mk": "Википедија", "ml": "വിക്കിപീഡിയ", "mni": "ꯋꯤꯀꯤꯄꯦꯗꯤꯌꯥ",
    "mnw": "ဝဳကဳပဳဒဳယာ", "mrj": "Википеди", "mr": "विकिपीडिया", "mt": "Wikipedija", "mwl": "Biquipédia",
    "myv": "Википедиясь", "my": "ဝီကီပီးဒီးယား", "mzn": "ویکیپدیا", "nah": "Huiquipedia", "ne": "विकिपिडिया",
    "new": "विकिपिडिया", "nqo": "ߥߞߌߔߘߋߞߎ", "nv": "Wikiibíídiiya", "oc": "Wikipèdia", "olo": "Wikipedii",
    "or": "ଉଇକିପିଡ଼ିଆ", "os": "Википеди", "pa": "ਵਿਕੀਪੀਡੀਆ", "pnb": "وکیپیڈیا", "pnt": "Βικιπαίδεια",
    "ps": "ويکيپېډيا", "pt": "Wikipédia", "qu": "Wikipidiya", "rmy": "Vikipidiya", "rue": "Вікіпедія",
    "ru": "Википедия", "sa": "विकिपीडिया", "sah": "Бикипиэдьийэ", "sat": "ᱣᱤᱠᱤᱯᱤᱰᱤᱭᱟ", "sd": "وڪيپيڊيا",
    "sh": "Wikipedija", "shi": "Wikipidya", "shn": "ဝီႇၶီႇၽီးတီးယႃး", "si": "විකිපීඩියා", "sk": "Wikipédia",
    "skr": "وکیپیڈیا", "sl": "Wikipedija", "sr": "Википедија", "szl": "Wikipedyjo", "szy": "Wikipitiya",
    "ta": "விக்கிப்பீடியா", "tay": "Wikibitia", "tcy": "ವಿಕಿಪೀಡಿಯ", "te": "వికీపీడియా", "tg": "Википедиа",
    "th": "วิกิพีเดีย", "ti": "ዊኪፐድያ", "tk": "Wikipediýa", "tly": "Vikipediá", "tr": "Vikipedi",
    "trv": "Wikipidiya", "tt": "Википедия", "tyv": "Википедия", "udm": "Википедия", "uk": "Вікіпедія",
    "ur": "ویکیپیڈیا", "uz": "Vikipediya", "vep": "Vikipedii", "vo": "Vükiped", "xmf": "ვიკიპედია",
    "yi": "װיקיפּעדיע", "zgh": "ⵡⵉⴽⵉⴱⵉⴷⵢⴰ", "zh-classical": "維基大典",
}

# Other namespaces and aliases that Wikipedias define for themselves (Portal, WikiProject, Draft, …).
_WIKI_NAMESPACES: dict[str, str] = {
    "af": "Portaal|Portaalbespreking",
    "als": "Portal_Diskussion|Buech|Buech_Diskussion|Wort|Wort_Diskussion|Text|Text_Diskussion|Spruch"
           "|Spruch_Diskussion|Nochricht|Nochricht_Diskussion",
    "am": "በር|በር_ውይይት",
    "an": "Descusión_Portal",
    "ary": "قيسارية|لمداكرة_د_لقيسارية|واساخ|لمداكرة_د_لواساخ",
    "arz": "بوابة|مناقشة_بوابة",
    "as": "ৱিকিচ'ৰা|ৱিকিচ'ৰা_আলোচনা|বাটচ'ৰা|বাটচ'ৰা_আলোচনা|প্ৰকল্প|প্ৰকল্প_আলোচনা|Wikipedia_বার্তা|CAT",
    "ast": "Uiquipedia|Uiquipedia_alderique",
    "az": "Portal_müzakirəsi|Qaralama|Qaralama_müzakirəsi|VP|QA",
    "azb": "پوْرتال|پوْرتال_دانیشیغی",
    "ba": "Портал|Портал_буйынса_фекерләшеү|Проект|Проект_буйынса_фекерләшеү|Wikipedia_буйынса_фекерләшеү",
    "bar": "Portal_Dischkrian|Portal_Diskussion|Buach|Buach_Dischkrian|Woat|Woat_Dischkrian|Text"
           "|Text_Dischkrian|Spruch|Spruch_Dischkrian|Nochricht|Nochricht_Dischkrian",
    "be": "Партал|Размовы_пра_партал|ВП",
    "be-tarask": "Партал|Абмеркаваньне_парталу|ВП",
    "bg": "Портал|Портал_беседа|Чернова|Чернова_беседа",
    "bjn": "Lawang|Pamandiran_Lawang|Wikipidia_pamandiran",
    "bpy": "হমিলদুৱার|হমিলদুৱার_য়্যারী",
    "bs": "Razgovor_o_portalu|Razgovor_sa_korisnikom|Razgovor_s_Wikipediom|Razgovor_o_Wikipediji",
    "ce": "Ков|Ков_дийцаре|Википедин_дийцаре|Википедийа|Википедийа_дийцаре",
    "ckb": "دەروازە|لێدوانی_دەروازە|ویکیپرۆژە|لێدوانی_ویکیپرۆژە|ڕەشنووس|لێدوانی_ڕەشنووس|وپ|لو|وپر"
           "|Wikiproject|Wikiproject_talk",
    "cs": "Wikipedista|Wikipedistka|Diskuse_s_wikipedistou|Diskuse_s_wikipedistkou|Wikipedista_diskuse"
          "|Wikipedistka_diskuse|Uživatel|Diskuse_s_uživatelem|Portál|Diskuse_k_portálu|Portál_diskuse"
          "|Rejstřík|Diskuse_k_rejstříku|Rejstřík_diskuse",
    "cy": "Porth|Sgwrs_Porth",
    "da": "Portaldiskussion|Artikeldata|Artikeldatadiskussion|Portal_diskussion",
    "dag": "Salima|Salima_yɛltɔɣa",
    "diq": "Portal_vaten",
    "dv": "ނެރު|ނެރު_ޚިޔާލު|ވިކިޕީޑިއާ_ޚިޔާލު",
    "el": "Πύλη|Συζήτηση_πύλης|ΒΠ",
    "eo": "Portalo|Portala_diskuto|Projekto|Projekta_diskuto|VP|Vikipedia_diskuto",
    "et": "Portaal|Portaali_arutelu|Mustand|Mustandi_arutelu",
    "fi": "Teemasivu|Keskustelu_teemasivusta|Metasivu|Keskustelu_metasivusta|Kirja|Keskustelu_kirjasta"
          "|Wikiprojekti|Keskustelu_wikiprojektista",
    "frr": "Seite|Seite_Diskussion|Index|Index_Diskussion|Text|Text_Diskussion",
    "fy": "Tema|Tema_oerlis",
    "gan": "CAT|H|T|U|UT",
    "he": "פורטל|שיחת_פורטל|ספר|שיחת_ספר|טיוטה|שיחת_טיוטה|מי|ש|מש|שמש|וק|שוק|קו|שקו|מו|שמו|תב|שתב"
          "|עז|שעז|קט|שקט|פ|שפ|טי|שטי|י|שי|נ|U",
    "hr": "Razgovor_o_portalu|Dodatak|Razgovor_o_dodatku|Nacrt|Razgovor_o_nacrtu|RWP|KT|CT|RKT|RCT|SUR|U"
          "|RSUR|RSS|DT|RDT|RF|ME|RME|PM|H|RPM|RH|MD|MOD|RMD|RMOD",
    "hu": "Portál|Portálvita|Portál_vita|Cikkjelölt|Cikkjelöltvita",
    "hy": "Պորտալ|Պորտալի_քննարկում|Վիքինախագիծ|Վիքինախագծի_քննարկում|Սևագիր|Սևագրի_քննարկում",
    "ia": "Discussion_Portal|Appendice|Discussion_Appendice",
    "ilo": "WT",
    "inh": "Моартал|Моарталах_къамаьл",
    "is": "Gátt|Gáttaspjall",
    "jam": "Puotal|Puotal_diskoshan",
    "jv": "Gapura|Parembugan_Gapura",
    "ka": "პორტალი|პორტალი_განხილვა",
    "kab": "Awwur|Amyannan_uwwur|Asenfaṛ|Amyannan_usenfaṛ",
    "kk": "Портал|Портал_талқылауы|Жоба|Жоба_талқылауы|Joba|Joba_talqılawı|جوبا|جوبا_تالقىلاۋى",
    "kn": "ಹೆಬ್ಬಾಗಿಲು|ಹೆಬ್ಬಾಗಿಲು_ಚರ್ಚೆಪುಟ|ಕರಡು|ಕರಡು_ಚರ್ಚೆಪುಟ|ಮಾಡ್ಯೂಲ್_ಚರ್ಚೆಪುಟ|ಪೋರ್ಟಲ್|ಪೋರ್ಟಲ್_ಚರ್ಚೆ"
          "|ಕರಡು_ಚರ್ಚೆ|ಮಾಡ್ಯೂಲ್_ಚರ್ಚೆ",
    "ko": "포털|포털토론|위키프로젝트|위키프로젝트토론|초안|초안토론|백|백토|사|사토|들머리|들머리토론|들|들토|프|프토",
    "ks": "وپ|وب",
    "ku": "Gotûbêja_portalê|Gotûbêja_Wîkîpediyayê|Portal_nîqaş",
    "kv": "Обсуждение_Wikipedia",
    "kw": "Porth|Keskows_Porth",
    "la": "Porta|Disputatio_Portae|Disputatio_Wikipedia",
    "lad": "Diskusyón_de_Portal",
    "li": "Portaol|Euverlèk_portaol",
    "lmo": "Ciciarada_Portal",
    "lrc": "پورتال|چأک_چئنە_پورتال",
    "lt": "Vikisritis|Vikisrities_aptarimas|Vikiprojektas|Vikiprojekto_aptarimas|Sąrašas|Sąrašo_aptarimas"
          "|Wikipedia_aptarimas",
    "lv": "Portāls|Portāla_diskusija|Vikiprojekts|Vikiprojekta_diskusija|VP",
    "mai": "वि|वि_वा|CT|WT|u|ut|प्र|प्र_वा|आ|आ_वा",
    "min": "Diskusi_Portal",
    "mk": "Портал|Разговор_за_Портал",
    "ml": "കവാടം|കവാടത്തിന്റെ_സംവാദം|കരട്|കരട്_സംവാദം|വിക്കി|വിക്കിസം|ഘ|ഘസം",
    "mnw": "ပါင်မုက်|ပါင်မုက်_ဓရီုကျာ",
    "mr": "दालन|दालन_चर्चा|विपी",
    "ms": "Perbincangan_portal|Perbualan_Portal",
    "mt": "Diskussjoni_portal",
    "mwl": "Cumbersa_portal|Wikipedia_cumbersa|BP",
    "my": "မုခ်ဝ|မုခ်ဝ_ဆွေးနွေးချက်|စာမူကြမ်း|စာမူကြမ်း_ဆွေးနွေးချက်",
    "mzn": "پورتال|پورتال_گپ|پروژه|پروژه_گپ|وپ|Wikipedia_گپ",
    "nah": "Wikipedia_tēixnāmiquiliztli",
    "nds": "Portal_Diskuschoon",
    "ne": "पोर्टल|पोर्टल_वार्ता|मस्यौदा|मस्यौदा_वार्ता|वि|विवा|CT|WT|U|UT|प्र|प्रवा|ढाँ|ढाँवा|T"
          "|विकिपीडिया|विकिपीडिया_वार्ता",
    "new": "दबू|दबू_खँलाबँला",
    "nia": "Huhuo_portal",
    "nl": "Portaal|Overleg_portaal|H|P",
    "nn": "Tema|Temadiskusjon",
    "no": "Portaldiskusjon",
    "oc": "Discussion_Portal|Projècte|Discussion_Projècte",
    "or": "ପୋର୍ଟାଲ|ପୋର୍ଟାଲ_ଆଲୋଚନା|WT",
    "pa": "ਫਾਟਕ|ਫਾਟਕ_ਗੱਲ-ਬਾਤ",
    "pfl": "Portal_Diskussion|Buch|Buch_Dischbediere|Wort|Wort_Dischbediere|Text|Text_Dischbediere"
           "|Spruch|Spruch_Dischbediere|Nochricht|Nochricht_Dischbediere",
    "pl": "Wikipedysta|Wikipedystka|Dyskusja_wikipedysty|Dyskusja_wikipedystki|Dyskusja_Wikipedii"
          "|Dyskusja_portalu|Wikiprojekt|Dyskusja_wikiprojektu",
    "ps": "تانبه|د_تانبې_خبرې_اترې",
    "roa-tara": "Portale|'Ngazzaminde_d'u_Portale",
    "ro": "Discuție_Portal|Proiect|Discuție_Proiect|Cod|Discuție_Cod|Carte|Discuție_Carte|WikiProject"
          "|WikiProject_talk|Code|Code_talk|Book|Book_talk",
    "sa": "प्रवेशद्वारम्|प्रवेशद्वारसम्भाषणम्|सहाय्यस्य_प्रवेशद्वारम्|WT",
    "scn": "Purtali|Discussioni_purtali|Pruggettu|Discussioni_pruggettu",
    "sco": "Define|Define_talk",
    "sd": "باب|باب_بحث",
    "se": "Portála|Portálaságastallan|Temasiidu|Temasiidoságastallan",
    "sh": "Razgovor_o_portalu|Nacrt|Razgovor_o_nacrtu|Vikipedija|Википедија|Razgovor_Wikipedija"
          "|Razgovor_o_Wikipedia|Разговор_о_Википедији|Razgovor_o_Wikipediji|Портал|Разговор_о_порталу|VP|ВП",
    "shi": "Aggur|Amsawal_n_waggur",
    "shn": "ၵိူၼ်ႇတူ|တွၼ်ႈဢုပ်ႇ_ၵိူၼ်ႇတူ|WT",
    "si": "ද්වාරය|ද්වාරය_සාකච්ඡාව",
    "sk": "Redaktor|Diskusia_s_redaktorom|Užívateľ|Diskusia_s_užívateľom|Portál|Diskusia_k_portálu",
    "sl": "Pogovor_o_portalu|Osnutek|Pogovor_o_osnutku",
    "sq": "Portal_diskutim",
    "sr": "Портал|Разговор_о_порталу|Нацрт|Разговор_о_нацрту|VP|ВП|Vikipedija|Разговор_о_Википедији",
    "su": "Obrolan_portal",
    "sv": "Portaldiskussion",
    "ta": "வலைவாசல்|வலைவாசல்_பேச்சு|வரைவு|வரைவு_பேச்சு|விக்கிப்பீடியா_பேச்சு",
    "te": "వేదిక|వేదిక_చర్చ",
    "tg": "Портал|Баҳси_портал|Лоиҳа|Баҳси_Лоиҳа",
    "th": "สถานีย่อย|คุยเรื่องสถานีย่อย|หนังสือ|คุยเรื่องหนังสือ|ฉบับร่าง|คุยเรื่องฉบับร่าง|H",
    "ti": "ማዕጾ|ምይይጥ_ማዕጾ|ማዕጾ_ምይይጥ|ዊኪፔዲያ|ዊኪፔዲያ_ምይይጥ|ምይይጥ_ዊኪፐድያ",
    "tl": "Portada|Usapang_Portada",
    "tr": "Portal_tartışma|Vikiproje|Vikiproje_tartışma|VP|VPR|KAT",
    "tt": "Портал|Портал_бәхәсе|ВП",
    "udm": "Википедия_сярысь_вераськон",
    "ur": "باب|تبادلۂ_خیال_باب|کتاب|تبادلۂ_خیال_کتاب|مسودہ|تبادلۂ_خیال_مسودہ|وپ|ویکیپیڈیا_تبادلۂ_خیال",
    "uz": "Portal_munozarasi|Loyiha|Loyiha_munozarasi|VP|VM",
    "vec": "Portałe|Discussion_portałe|Projeto|Discussion_projeto|Immagine",
    "vi": "Cổng_thông_tin|Thảo_luận_Cổng_thông_tin|Chủ_đề|Thảo_luận_Chủ_đề",
    "yi": "פארטאל|פארטאל_רעדן|וויקיפעדיע|וויקיפעדיע_רעדן",
    "zh-classical": "門|議|稿|酌稿|H|WT|T|CAT|P",
    "zh-yue": "媒體|特別|傾偈|用戶|用戶傾偈|文件傾偈|MediaWiki_傾偈|模|模傾偈|幫手|幫手傾偈|分類|分類傾偈"
              "|維基百科_傾偈|模組|模組討論|WT|T|H|P",
    "wuu": "媒体|特殊|讨论|用户|用户讨论|维基百科|文件|模板|模板讨论|帮助|帮助讨论|分类|模块|T",
}


def _local_namespaces() -> dict[str, frozenset[str]]:
    merged: dict[str, set[str]] = {}
    for code, groups in _LOCALIZED.items():
        merged.setdefault(code, set()).update(_names(*groups))
    for code, name in _PROJECT_NAMES.items():
        merged.setdefault(code, set()).update(_names(name))
    for code, names in _WIKI_NAMESPACES.items():
        merged.setdefault(code, set()).update(_names(names))
    return {code: frozenset(names - CANONICAL_NAMESPACES) for code, names in sorted(merged.items())}


# Language → the lowercase localized namespace names (and aliases, talk forms) of its Wikipedia.
LOCAL_NAMESPACES: dict[str, frozenset[str]] = _local_namespaces()

_CANONICAL_KEYS = frozenset(map(_key, CANONICAL_NAMESPACES))
_LOCAL_KEYS = {code: frozenset(map(_key, names)) for code, names in LOCAL_NAMESPACES.items()}


def namespace_of(title: str, dbname: str) -> str | None:
    """The namespace a title is in on the wiki `dbname`, lowercased (`Categoría:Clima` on eswiki →
    "categoría", `Category_talk:X` anywhere → "category talk"); None for a main-namespace title,
    including one that merely contains a colon ("Star Wars: Episode IV")."""
    if not isinstance(title, str) or ":" not in title:
        return None
    prefix = _normalize(title.split(":", 1)[0])
    if not prefix:
        return None
    key = prefix.translate(_INVISIBLE)
    if key in _CANONICAL_KEYS or key in _LOCAL_KEYS.get(language(dbname) or "", ()):
        return prefix
    return None
