"""The products of the bundled sample: the 32 real FDA labels in ``sample/content/labels``.

Their brand and generic names are what the safety detector links an event to and what PHI
redaction keeps as product names, when the caller names no products of its own. The workflows
always pass the library's products (from the manifests), so a company's own catalog is used in
the product; this list is the offline default for the sample, its tests and benchmarks.
"""

from __future__ import annotations

import re

__all__ = ["SAMPLE_PRODUCTS", "brand_first_word", "product_aliases", "split_product_name"]

#: Brand -> generic names (each ingredient of a combination on its own), and the short names
#: clinicians write for them ("pembro", "nivo").
SAMPLE_PRODUCTS: dict[str, tuple[str, ...]] = {
    "AGGRENOX": ("aspirin", "dipyridamole"),
    "ARTHROTEC": ("diclofenac", "misoprostol"),
    "BLINCYTO": ("blinatumomab",),
    "CALDOLOR": ("ibuprofen",),
    "CAMBIA": ("diclofenac",),
    "CELEBREX": ("celecoxib",),
    "ELIQUIS": ("apixaban",),
    "ENHERTU": ("fam-trastuzumab deruxtecan-nxki", "trastuzumab deruxtecan", "t-dxd"),
    "GLEEVEC": ("imatinib",),
    "HERCEPTIN": ("trastuzumab",),
    "HUMIRA": ("adalimumab",),
    "KESIMPTA": ("ofatumumab",),
    "KEYTRUDA": ("pembrolizumab", "pembro"),
    "KINERET": ("anakinra",),
    "KRYSTEXXA": ("pegloticase",),
    "LEQEMBI": ("lecanemab",),
    "LUMIZYME": ("alglucosidase alfa",),
    "LYNPARZA": ("olaparib",),
    "MEN'S ROGAINE": ("rogaine", "minoxidil"),
    "NURTEC ODT": ("nurtec", "rimegepant"),
    "OMIDRIA": ("phenylephrine", "ketorolac"),
    "OPDIVO": ("nivolumab", "nivo"),
    "REPATHA": ("evolocumab", "sureclick", "pushtronex"),  # its autoinjector and infusor
    "REVLIMID": ("lenalidomide",),
    "RINVOQ": ("upadacitinib",),
    "SOLIRIS": ("eculizumab",),
    "SPINRAZA": ("nusinersen",),
    "STELARA": ("ustekinumab",),
    "TAGRISSO": ("osimertinib",),
    "TRIKAFTA": ("elexacaftor", "tezacaftor", "ivacaftor", "eti"),  # ETI in CF notes
    "VENCLEXTA": ("venetoclax",),
    "VIAGRA": ("sildenafil",),
}


_BRAND_GENERIC = re.compile(r"\s*(?P<brand>[^()]+?)\s*(?:\((?P<generic>[^()]+)\))?\s*")


# A brand's first word stands for it when it is this long ("NURTEC" for NURTEC ODT); shorter
# ones ("MEN'S") do not.
_MIN_FIRST_WORD = 5


def brand_first_word(brand: str) -> str | None:
    """The first word of a brand of several words, as people name the product by it ("NURTEC"
    for "NURTEC ODT"); None for one word, a short word or a possessive ("MEN'S")."""
    words = brand.split()
    if len(words) < 2 or len(words[0]) < _MIN_FIRST_WORD or re.search(r"['\u2019]", words[0]):
        return None
    return words[0]


def split_product_name(product: str) -> tuple[str, str | None]:
    """A product as manifests name it: 'TAGRISSO (osimertinib)' -> ('TAGRISSO', 'osimertinib'),
    'HUMIRA' -> ('HUMIRA', None); anything else is one name."""
    match = _BRAND_GENERIC.fullmatch(product)
    return (match["brand"], match["generic"]) if match else (product.strip(), None)


def product_aliases(products: dict[str, tuple[str, ...]] = SAMPLE_PRODUCTS) -> dict[str, str]:
    """Every lower-cased name -> its brand: {"keytruda": "KEYTRUDA", "pembrolizumab": ...}."""
    aliases: dict[str, str] = {}
    for brand, generics in products.items():
        for name in (brand, *generics):
            aliases[name.lower()] = brand
    return aliases
