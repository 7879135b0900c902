"""Regenerate src/dragoman/data/cameo.tsv from the shared reference table.

    python tools/make_ontology.py ../shared/reference/cameo.tsv

Keeps the columns dragoman uses. Conventions (applied here, tested in tests/test_ontology.py):
- Goldstein: the ICEWS values.
- Quad class: the PLOVER manual / ICEWS convention (1 verbal coop 01-05, 2 material coop 06-08,
  3 verbal conflict 09-13, 4 material conflict 14-20).
- PLOVER: the 2021 CAMEO->PLOVER table; roots 01 and 02 have no entry there, so 02x becomes REQUEST
  and the 01x codes with a clear counterpart get one (see FILL below); the rest of 01 stays empty. Where the table
  contradicts the PLOVER manual's own definitions, the manual wins (see MANUAL below).
"""
import csv
import sys

FILL = {  # code: (event_type, mode)
    "02": ("REQUEST", ""), "020": ("REQUEST", ""), "021": ("REQUEST", "assist"), "022": ("REQUEST", "assist"),
    "023": ("REQUEST", "assist"), "024": ("REQUEST", "change"), "025": ("REQUEST", "yield"),
    "026": ("REQUEST", "meet"), "027": ("REQUEST", "meet"), "028": ("REQUEST", "meet"),
    "012": ("ACCUSE", "disapprove"), "013": ("SUPPORT", ""), "016": ("REJECT", ""), "018": ("SUPPORT", ""),
    "019": ("AGREE", ""),
}

# The manual's CONCEDE covers "easing of administrative or legal restrictions ... removing curfews"; the 2021 table
# files easing a curfew or an emergency under RETREAT, which the manual keeps for acts with material consequences.
# Its SANCTION 'discontinue' mode takes "international (political or economic) sanctions"; the table has COERCE.
# "RETREAT also covers resignations of government officials" (mode 'resign'); the table has CONCEDE for 0831.
MANUAL = {"0813": ("CONCEDE", ""), "0814": ("CONCEDE", ""), "163": ("SANCTION", "discontinue"),
          "0831": ("RETREAT", "resign")}


def main(path):
    out = csv.writer(sys.stdout, delimiter="\t", lineterminator="\n")
    out.writerow(["code", "root", "name", "goldstein", "quad_class", "plover_type", "plover_mode"])
    with open(path, encoding="utf-8") as f:
        for row in csv.DictReader(f, delimiter="\t"):
            code = row["code"]
            ptype, pmode = row["plover_2021"], row["plover_mode_2021"]
            if not ptype:
                parent = code[:3] if len(code) == 4 else code
                ptype, pmode = FILL.get(code) or FILL.get(parent) or ("", "")
            ptype, pmode = MANUAL.get(code, (ptype, pmode))
            out.writerow([code, row["root"], row["name"], row["goldstein_icews"], row["quad_duval"], ptype, pmode])


if __name__ == "__main__":
    main(sys.argv[1])
