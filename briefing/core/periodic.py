"""The periodic table: all 118 elements with number, name, period, group and grid position."""

from __future__ import annotations

from dataclasses import dataclass

# Atomic-number order; period and group are derived from the position below.
_SYMBOLS_AND_NAMES = """
H Hydrogen|He Helium|Li Lithium|Be Beryllium|B Boron|C Carbon|N Nitrogen|O Oxygen|F Fluorine
|Ne Neon|Na Sodium|Mg Magnesium|Al Aluminium|Si Silicon|P Phosphorus|S Sulfur|Cl Chlorine
|Ar Argon|K Potassium|Ca Calcium|Sc Scandium|Ti Titanium|V Vanadium|Cr Chromium|Mn Manganese
|Fe Iron|Co Cobalt|Ni Nickel|Cu Copper|Zn Zinc|Ga Gallium|Ge Germanium|As Arsenic|Se Selenium
|Br Bromine|Kr Krypton|Rb Rubidium|Sr Strontium|Y Yttrium|Zr Zirconium|Nb Niobium
|Mo Molybdenum|Tc Technetium|Ru Ruthenium|Rh Rhodium|Pd Palladium|Ag Silver|Cd Cadmium
|In Indium|Sn Tin|Sb Antimony|Te Tellurium|I Iodine|Xe Xenon|Cs Caesium|Ba Barium
|La Lanthanum|Ce Cerium|Pr Praseodymium|Nd Neodymium|Pm Promethium|Sm Samarium|Eu Europium
|Gd Gadolinium|Tb Terbium|Dy Dysprosium|Ho Holmium|Er Erbium|Tm Thulium|Yb Ytterbium
|Lu Lutetium|Hf Hafnium|Ta Tantalum|W Tungsten|Re Rhenium|Os Osmium|Ir Iridium|Pt Platinum
|Au Gold|Hg Mercury|Tl Thallium|Pb Lead|Bi Bismuth|Po Polonium|At Astatine|Rn Radon
|Fr Francium|Ra Radium|Ac Actinium|Th Thorium|Pa Protactinium|U Uranium|Np Neptunium
|Pu Plutonium|Am Americium|Cm Curium|Bk Berkelium|Cf Californium|Es Einsteinium|Fm Fermium
|Md Mendelevium|No Nobelium|Lr Lawrencium|Rf Rutherfordium|Db Dubnium|Sg Seaborgium
|Bh Bohrium|Hs Hassium|Mt Meitnerium|Ds Darmstadtium|Rg Roentgenium|Cn Copernicium
|Nh Nihonium|Fl Flerovium|Mc Moscovium|Lv Livermorium|Ts Tennessine|Og Oganesson
"""

# Rows 1-7 are the periods; the f-block sits in two rows of its own below a gap.
LANTHANIDE_ROW = 9
ACTINIDE_ROW = 10
GRID_ROWS = 10
GRID_COLUMNS = 18


# Compared by identity (one object per element): equality and hashing, never used, cost
# their generation at import.
@dataclass(frozen=True, slots=True, eq=False)
class ElementInfo:
    """One element of the periodic table: its number, symbol, name, and place in the grid the
    reader draws."""

    number: int
    symbol: str
    name: str
    period: int
    group: int | None
    """None for the lanthanides and actinides, which have rows of their own."""
    row: int
    """Grid row, 1-based: 1-7 for the periods, 9 and 10 for the f-block."""
    column: int
    """Grid column, 1-based (1-18)."""

    @property
    def is_f_block(self) -> bool:
        """True for the lanthanides and actinides, drawn in the two rows under the table."""
        return self.group is None


def _layout() -> tuple[ElementInfo, ...]:
    pairs = [item.split() for item in _SYMBOLS_AND_NAMES.replace("\n", "").split("|")]
    period_ends = (2, 10, 18, 36, 54, 86, 118)
    elements: list[ElementInfo] = []
    period_start = 1
    for period, end in enumerate(period_ends, start=1):
        numbers = range(period_start, end + 1)
        length = len(numbers)
        for offset, number in enumerate(numbers):
            symbol, name = pairs[number - 1]
            group: int | None
            row, column = period, 0
            if length == 2:
                group = 1 if offset == 0 else 18
            elif length == 8:
                group = offset + 1 if offset < 2 else offset + 11
            elif length == 18 or offset < 2:
                group = offset + 1
            elif offset < 17:
                group = None
                row = LANTHANIDE_ROW if period == 6 else ACTINIDE_ROW
                column = offset + 1
            else:
                group = offset - 13
            elements.append(
                ElementInfo(number, symbol, name, period, group, row, column or (group or 0))
            )
        period_start = end + 1
    return tuple(elements)


ELEMENTS: tuple[ElementInfo, ...] = _layout()
BY_SYMBOL: dict[str, ElementInfo] = {element.symbol: element for element in ELEMENTS}
BY_POSITION: dict[tuple[int, int], ElementInfo] = {
    (element.row, element.column): element for element in ELEMENTS
}
RARE_EARTHS: frozenset[str] = frozenset(
    ["Sc", "Y"] + [element.symbol for element in ELEMENTS if 57 <= element.number <= 71]
)


def lookup(symbol: str) -> ElementInfo | None:
    """The element with this symbol, ignoring case (``dy`` finds Dy)."""
    found = BY_SYMBOL.get(symbol)
    if found is None:
        found = BY_SYMBOL.get(symbol[:1].upper() + symbol[1:].lower())
    return found
