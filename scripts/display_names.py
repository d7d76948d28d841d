"""Names people know for the utilities in the directory.

The EIA registry names are legal names in a terse house style ("Consolidated
Edison Co-NY Inc", "Blue Ridge Elec Member Corp - (NC)"). Two sources turn
them into display names:

- a hand-curated table (utility_display_names.tsv beside this file) with the
  trading names customers see on their bills, required for every utility in
  the top of the zip-count ranking;
- `tidy()`, a deterministic rule for everyone else that only removes or
  spells out what the registry abbreviated; it never invents a brand.

Python 3 standard library only, like the derivation script that uses it.
"""

import collections
import csv
import os
import re

CURATED_FILE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "utility_display_names.tsv")
CURATED_HEADER = ["eiaid", "registry_name", "display_name", "password_reset_url", "source"]

# The curated table must cover at least this many of the utilities serving the
# most zip codes: those are the ones most users meet.
CURATED_TOP = 100

# How the table's `source` column marks a row where no better-known name was
# certain, so the curated name is the rule's output; a test keeps them equal.
TIDIED_SOURCE = "registry name tidied"

# Legal-form words that say nothing to a customer when they end a name.
CORPORATE_SUFFIXES = {"co", "co.", "inc", "inc.", "corp", "corp.", "company", "llc", "l.l.c.",
                      "incorporated", "corporation", "ltd", "ltd."}

# "Member Corp" is the co-op's kind, not a legal suffix: "Dixie Electric
# Membership Corp" would lose its meaning as "Dixie Electric Membership".
KEEPS_CORPORATION_AFTER = {"member", "membership"}

ABBREVIATIONS = {
    "Assn": "Association",
    "Co-op": "Cooperative",
    "Co-Op": "Cooperative",
    "Coop": "Cooperative",
    "Comm": "Commission",
    "Dept": "Department",
    "Dist": "District",
    "Elec": "Electric",
    "Lgt": "Light",
    "Lt": "Light",
    "Mun": "Municipal",
    "Pub": "Public",
    "Pwr": "Power",
    "Serv": "Service",
    "Sys": "System",
    "Util": "Utility",
    "Utils": "Utilities",
    "Wks": "Works",
    "Wtr": "Water",
}

# "El" is Spanish in "El Paso"; it abbreviates "Electric" only before these.
EL_MEANS_ELECTRIC_BEFORE = {"Member", "Membership", "Coop", "Co-op", "Cooperative", "Pwr", "Power",
                            "Cons", "Assn", "Association"}

# Kept in capitals when a name written all in capitals is title-cased.
ACRONYMS = {"EMC", "JEA", "LLC", "MEC", "PPD", "PUD", "REA", "REC", "REMC", "RECC", "TVA", "USA"}
SMALL_WORDS = {"and", "of", "the", "for", "in", "on", "at", "by"}

STATE_CODES = set(
    "AK AL AR AZ CA CO CT DC DE FL GA HI IA ID IL IN KS KY LA MA MD ME MI MN MO MS MT NC ND NE NH "
    "NJ NM NV NY OH OK OR PA RI SC SD TN TX UT VA VT WA WI WV WY".split())

# " - (NC)", "- (NC)", " (MI)" at the end of a name.
STATE_SUFFIX = re.compile(r"\s*-?\s*\(([A-Z]{2})\)$")
# "Co-NY": a legal suffix fused to a state code.
FUSED_STATE = re.compile(r"^([A-Za-z.]+)-([A-Z]{2}),?$")


def collapse_spaces(text):
    return " ".join(text.split())


def split_state_suffix(name):
    """("City of Aberdeen", "MS") for "City of Aberdeen - (MS)"; (name, None) without one."""
    match = STATE_SUFFIX.search(name)
    if match and match.group(1) in STATE_CODES:
        return name[:match.start()], match.group(1)
    return name, None


def title_case_all_caps(words):
    """Title-case a name written entirely in capitals, keeping known acronyms."""
    if len(words) < 2 or any(c.islower() for w in words for c in w):
        return words
    cased = []
    for i, word in enumerate(words):
        if word in ACRONYMS or word in STATE_CODES and i == len(words) - 1:
            cased.append(word)
        elif i > 0 and word.lower() in SMALL_WORDS:
            cased.append(word.lower())
        else:
            cased.append(word.capitalize())
    return cased


def join_spelled_acronyms(words):
    """"Rural E M C" -> "Rural EMC", "R E M C" -> "REMC"."""
    joined, run = [], []
    for word in words + [""]:
        if len(word) == 1 and word.isupper():
            run.append(word)
            continue
        if len(run) >= 2:
            joined.append("".join(run))
        else:
            joined.extend(run)
        run = []
        if word:
            joined.append(word)
    return joined


def drop_corporate_suffixes(words):
    """Trailing legal suffixes gone, and the state of a fused one like "Co-NY"."""
    state = None
    while len(words) > 1:
        last = words[-1].rstrip(",")
        fused = FUSED_STATE.match(last)
        if fused and fused.group(1).lower() in CORPORATE_SUFFIXES and fused.group(2) in STATE_CODES:
            last, state = fused.group(1), fused.group(2)
        if last.lower() not in CORPORATE_SUFFIXES:
            break
        if last.lower().startswith("corp") and words[-2].rstrip(",").lower() in KEEPS_CORPORATION_AFTER:
            break
        words = words[:-1]
        words[-1] = words[-1].rstrip(",")
    return words, state


def expand_abbreviations(words):
    expanded = []
    for i, word in enumerate(words):
        core = word.rstrip(",")
        comma = word[len(core):]
        following = words[i + 1].rstrip(",") if i + 1 < len(words) else None
        if core == "El" and i > 0 and following in EL_MEANS_ELECTRIC_BEFORE:
            core = "Electric"
        elif core in ("Corp", "Corp.") and i > 0 and words[i - 1].rstrip(",").lower() in KEEPS_CORPORATION_AFTER:
            core = "Corporation"
        elif core == "Member" and following in ("Corp", "Corp.", "Corporation"):
            core = "Membership"
        else:
            core = ABBREVIATIONS.get(core, core)
        expanded.append(core + comma)
    return expanded


def tidy_base(name):
    """The tidied name without any state, and the state code the name carried."""
    original = collapse_spaces(name)
    name, state = split_state_suffix(original)
    # "Electric&Gas" is a typing slip in the registry, not a style.
    name = re.sub(r"\s*&\s*", " & ", name)
    words = title_case_all_caps(name.split())
    words, fused_state = drop_corporate_suffixes(words)
    state = state or fused_state
    # After the suffixes, so "R E C, Inc" has lost its comma.
    words = join_spelled_acronyms(words)
    if len(words) > 1 and words[0] == "The":
        words = words[1:]
    words = expand_abbreviations(words)
    tidied = " ".join(words).strip(" ,-")
    return tidied or original, state


def tidy(name):
    """The tidied name of one utility, without a state; see `tidy_all` for disambiguation."""
    return tidy_base(name)[0]


def tidy_all(utilities):
    """eiaid -> tidied display name for {eiaid: (registry_name, state)}.

    A state is appended, as " (NC)", only where two utilities would otherwise
    show the same name: the state is shown beside the name anyway, and
    "City of Columbus" is clearer than "City of Columbus - (OH)" when unique.
    """
    bases = {eiaid: tidy_base(name) for eiaid, (name, _state) in utilities.items()}
    uses = collections.Counter(base for base, _ in bases.values())
    names = {}
    for eiaid, (base, named_state) in bases.items():
        if uses[base] > 1:
            names[eiaid] = f"{base} ({named_state or utilities[eiaid][1]})"
        else:
            names[eiaid] = base
    return names


def top_by_zip_count(zip_counts, n):
    """The n utilities serving the most zips, plus any tied with the n-th; most first, then by eiaid."""
    ranked = sorted(zip_counts.items(), key=lambda kv: (-kv[1], kv[0]))
    if len(ranked) <= n:
        return [eiaid for eiaid, _ in ranked]
    cutoff = ranked[n - 1][1]
    return [eiaid for eiaid, count in ranked if count >= cutoff]


def clean_cell(value, what, where):
    # The derived TSV has no quoting, so a tab or newline would corrupt it.
    if any(c in value for c in "\t\r\n") or value != value.strip():
        raise ValueError(f"{where}: {what} has a tab, newline or surrounding spaces: {value!r}")
    return value


def load_curated(path=CURATED_FILE):
    """eiaid -> {"registry_name", "display_name", "password_reset_url", "source"}."""
    curated = {}
    with open(path, newline="", encoding="utf-8") as f:
        reader = csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE)
        if next(reader, None) != CURATED_HEADER:
            raise ValueError(f"{path}: header must be {CURATED_HEADER}")
        for line_no, row in enumerate(reader, start=2):
            where = f"{os.path.basename(path)}:{line_no}"
            if len(row) != len(CURATED_HEADER):
                raise ValueError(f"{where}: expected {len(CURATED_HEADER)} fields, got {len(row)}")
            eiaid, registry, display, reset_url, source = (clean_cell(v, h, where)
                                                           for v, h in zip(row, CURATED_HEADER))
            if not eiaid.isdigit() or int(eiaid) in curated:
                raise ValueError(f"{where}: bad or repeated eiaid {eiaid!r}")
            if not display or not source:
                raise ValueError(f"{where}: display_name and source are required")
            if reset_url and not reset_url.startswith("https://"):
                raise ValueError(f"{where}: password_reset_url must be https: {reset_url!r}")
            curated[int(eiaid)] = {"registry_name": registry, "display_name": display,
                                   "password_reset_url": reset_url, "source": source}
    return curated


def check_curated(curated, utilities, zip_counts):
    """Problems with the curated table against the derived directory, as messages."""
    problems = []
    for eiaid, entry in sorted(curated.items()):
        if eiaid not in utilities:
            problems.append(f"curated eiaid {eiaid} is not in the directory")
        elif utilities[eiaid][0] != entry["registry_name"]:
            # Catches a table written against other data, or a shifted row.
            problems.append(f"curated eiaid {eiaid}: registry name {entry['registry_name']!r} "
                            f"is {utilities[eiaid][0]!r} in the data")
    for eiaid in top_by_zip_count(zip_counts, CURATED_TOP):
        if eiaid not in curated:
            problems.append(f"eiaid {eiaid} ({utilities[eiaid][0]}) is in the top {CURATED_TOP} "
                            "by zips served but has no curated display name")
    return problems


def display_columns(utilities, curated):
    """eiaid -> (display_name, password_reset_url) for {eiaid: (registry_name, state)}."""
    tidied = tidy_all(utilities)
    columns = {}
    for eiaid in utilities:
        entry = curated.get(eiaid)
        if entry:
            columns[eiaid] = (entry["display_name"], entry["password_reset_url"])
        else:
            columns[eiaid] = (tidied[eiaid], "")
    return columns
