"""Tests of the display-name rule and the curated table.

Run from the repository root: python3 -m unittest discover scripts
"""

import collections
import os
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import display_names  # noqa: E402

SERVER_DATA = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "server", "data")


def committed_directory():
    """({eiaid: (registry_name, state)}, {eiaid: zips served}) from the committed TSVs,
    which `derive_utilities.py --check` keeps equal to a fresh derivation."""
    utilities = {}
    with open(os.path.join(SERVER_DATA, "utilities.tsv"), encoding="utf-8") as f:
        for line in f:
            eiaid, name, state = line.rstrip("\n").split("\t")[:3]
            utilities[int(eiaid)] = (name, state)
    zip_counts = collections.Counter()
    with open(os.path.join(SERVER_DATA, "zips.tsv"), encoding="utf-8") as f:
        for line in f:
            for entry in line.rstrip("\n").split("\t")[1].split(","):
                zip_counts[int(entry.split(":")[0])] += 1
    return utilities, zip_counts


class TidyRule(unittest.TestCase):
    def check(self, registry, expected):
        self.assertEqual(display_names.tidy(registry), expected, registry)

    def test_drops_trailing_corporate_suffixes(self):
        self.check("Alabama Power Co", "Alabama Power")
        self.check("Entergy Arkansas Inc", "Entergy Arkansas")
        self.check("Niagara Mohawk Power Corp.", "Niagara Mohawk Power")
        self.check("West Penn Power Company", "West Penn Power")
        self.check("Cleco Power LLC", "Cleco Power")
        self.check("Duke Energy Carolinas, LLC", "Duke Energy Carolinas")
        self.check("Corn Belt Energy Corporation", "Corn Belt Energy")
        self.check("Fishers Island Utility Co Inc", "Fishers Island Utility")
        self.check("Maui Electric Co Ltd", "Maui Electric")
        self.check("HILCO Electric Cooperative, Inc.", "HILCO Electric Cooperative")

    def test_keeps_suffix_words_inside_a_name(self):
        self.check("Public Service Co of Colorado", "Public Service Co of Colorado")
        self.check("Co-Mo Electric Coop Inc", "Co-Mo Electric Cooperative")

    def test_membership_corporation_is_a_kind_of_coop_not_a_legal_suffix(self):
        self.check("Dixie Electric Membership Corp", "Dixie Electric Membership Corporation")
        self.check("Blue Ridge Elec Member Corp - (NC)", "Blue Ridge Electric Membership Corporation")
        self.check("Coweta-Fayette El Member Corp", "Coweta-Fayette Electric Membership Corporation")

    def test_state_suffixes(self):
        self.check("City of Aberdeen - (MS)", "City of Aberdeen")
        self.check("Town of Apex- (NC)", "Town of Apex")
        self.check("Tri-County Electric Coop (MI)", "Tri-County Electric Cooperative")
        self.check("Consolidated Edison Co-NY Inc", "Consolidated Edison")
        self.check("NorthWestern Energy LLC - (MT)", "NorthWestern Energy")
        # Part of the name, not a suffix.
        self.check("Heart of Texas Electric Coop", "Heart of Texas Electric Cooperative")
        self.check("Liberty Utilities (Granite State Electric) Corp",
                   "Liberty Utilities (Granite State Electric)")

    def test_expands_registry_abbreviations(self):
        self.check("Crawfordsville Elec, Lgt & Pwr", "Crawfordsville Electric, Light & Power")
        self.check("Cloverland Electric Co-op", "Cloverland Electric Cooperative")
        self.check("Chugach Electric Assn Inc", "Chugach Electric Association")
        self.check("Crisp County Power Comm", "Crisp County Power Commission")
        self.check("Sacramento Municipal Util Dist", "Sacramento Municipal Utility District")
        self.check("Greer Commission of Public Wks", "Greer Commission of Public Works")
        self.check("Northern Indiana Pub Serv Co", "Northern Indiana Public Service")

    def test_el_is_electric_only_in_a_coop_name(self):
        self.check("El Paso Electric Co", "El Paso Electric")
        self.check("Central New Mexico El Coop, Inc", "Central New Mexico Electric Cooperative")
        self.check("Pearl River Valley El Pwr Assn", "Pearl River Valley Electric Power Association")

    def test_acronyms(self):
        self.check("Bartholomew County Rural E M C", "Bartholomew County Rural EMC")
        self.check("Daviess Martin County R E M C", "Daviess Martin County REMC")
        self.check("Lorain-Medina R E C, Inc", "Lorain-Medina REC")
        self.check("REA Energy Coop Inc", "REA Energy Cooperative")
        self.check("A & N Electric Coop", "A & N Electric Cooperative")
        self.check("JEA", "JEA")

    def test_all_caps_names_are_title_cased_keeping_acronyms(self):
        self.check("DIXIE ELECTRIC MEMBERSHIP CORP", "Dixie Electric Membership Corporation")
        self.check("NORTHERN LIGHTS PUD", "Northern Lights PUD")
        self.check("CITY OF AUSTIN (TX)", "City of Austin")
        self.check("SOUTH RIVER EMC", "South River EMC")
        # Mixed-case names keep their capitals: "BENCO" is the co-op's own spelling.
        self.check("BENCO Electric Cooperative", "BENCO Electric Cooperative")

    def test_spacing_and_leading_the(self):
        self.check("  The  Toledo   Edison Co ", "Toledo Edison")
        self.check("South Carolina Electric&Gas Company", "South Carolina Electric & Gas")
        self.check("The", "The")

    def test_never_empty(self):
        for name in ["Co", "Inc", "Co Inc", "- (NC)", "The Co"]:
            self.assertTrue(display_names.tidy(name), name)

    def test_same_name_twice_gets_the_state(self):
        names = display_names.tidy_all({
            1: ("City of Columbus - (OH)", "OH"),
            2: ("City of Columbus - (MS)", "MS"),
            3: ("Central Electric Coop Inc", "OR"),
            4: ("Central Electric Coop, Inc - (SD)", "SD"),
            5: ("City of Seattle - (WA)", "WA"),
        })
        self.assertEqual(names, {
            1: "City of Columbus (OH)",
            2: "City of Columbus (MS)",
            3: "Central Electric Cooperative (OR)",
            4: "Central Electric Cooperative (SD)",
            5: "City of Seattle",
        })

    def test_deterministic(self):
        utilities, _ = committed_directory()
        self.assertEqual(display_names.tidy_all(utilities), display_names.tidy_all(dict(reversed(list(utilities.items())))))


class Ranking(unittest.TestCase):
    def test_most_zips_first_then_eiaid_and_ties_at_the_cutoff_included(self):
        counts = {10: 5, 11: 9, 12: 5, 13: 1, 14: 5}
        self.assertEqual(display_names.top_by_zip_count(counts, 1), [11])
        self.assertEqual(display_names.top_by_zip_count(counts, 2), [11, 10, 12, 14])
        self.assertEqual(display_names.top_by_zip_count(counts, 9), [11, 10, 12, 14, 13])


class CuratedTable(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.curated = display_names.load_curated()
        cls.utilities, cls.zip_counts = committed_directory()

    def test_every_top_utility_has_a_curated_name(self):
        top = display_names.top_by_zip_count(self.zip_counts, display_names.CURATED_TOP)
        self.assertGreaterEqual(len(top), display_names.CURATED_TOP)
        missing = [(e, self.utilities[e][0]) for e in top if e not in self.curated]
        self.assertEqual(missing, [])

    def test_table_matches_the_directory(self):
        self.assertEqual(display_names.check_curated(self.curated, self.utilities, self.zip_counts), [])

    def test_known_names(self):
        expected = {4226: "Con Edison", 14328: "PG&E", 4110: "ComEd", 5416: "Duke Energy Carolinas",
                    15477: "PSE&G", 6452: "FPL", 11208: "LADWP"}
        self.assertEqual({e: self.curated[e]["display_name"] for e in expected}, expected)

    def test_rows_that_fall_back_to_the_rule_match_it(self):
        tidied = display_names.tidy_all(self.utilities)
        fallbacks = {e: row["display_name"] for e, row in self.curated.items()
                     if row["source"].startswith(display_names.TIDIED_SOURCE)}
        self.assertGreater(len(fallbacks), 0)
        self.assertEqual(fallbacks, {e: tidied[e] for e in fallbacks})

    def test_check_reports_gaps_and_drift(self):
        utilities = {1: ("Big Power Co", "NY"), 2: ("Small Power Co", "NY")}
        counts = {1: 10, 2: 1}
        curated = {2: {"registry_name": "Small Power Company", "display_name": "Small",
                       "password_reset_url": "", "source": "test"}}
        problems = display_names.check_curated(curated, utilities, counts)
        self.assertEqual(len(problems), 2, problems)
        self.assertIn("Small Power Company", problems[0])
        self.assertIn("eiaid 1", problems[1])

    def test_loader_rejects_bad_rows(self):
        header = "\t".join(display_names.CURATED_HEADER)
        for bad in ["1\tA Co\tA\thttp://a.example/reset\tx",  # not https
                    "1\tA Co\t\t\tx",                          # no display name
                    "1\tA Co\tA\t\t",                          # no source
                    "x\tA Co\tA\t\tx",                         # bad id
                    "1\tA Co\tA\t\tx\n1\tA Co\tA\t\tx",        # repeated id
                    "1\tA Co\t A\t\tx",                        # surrounding space
                    "1\tA Co\tA\tx"]:                          # missing column
            with tempfile.NamedTemporaryFile("w", suffix=".tsv", delete=False, encoding="utf-8") as f:
                f.write(header + "\n" + bad + "\n")
            try:
                with self.assertRaises(ValueError, msg=bad):
                    display_names.load_curated(f.name)
            finally:
                os.unlink(f.name)

    def test_display_columns_prefer_the_curated_name(self):
        utilities = {1: ("Big Power Co", "NY"), 2: ("Small Power Co", "NY")}
        curated = {1: {"registry_name": "Big Power Co", "display_name": "BigPo",
                       "password_reset_url": "https://big.example/reset", "source": "test"}}
        self.assertEqual(display_names.display_columns(utilities, curated),
                         {1: ("BigPo", "https://big.example/reset"), 2: ("Small Power", "")})


if __name__ == "__main__":
    unittest.main()
