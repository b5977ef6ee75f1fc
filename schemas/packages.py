"""The published data packages: which tables each holds and how it describes itself."""

from dataclasses import dataclass

from schemas import TABLES
from schemas.model import Table


@dataclass(frozen=True)
class PackageSpec:
    name: str
    title: str
    description: str
    keywords: tuple[str, ...]
    table_names: tuple[str, ...]
    period: tuple[str, str]  # years the data covers, for the catalogue's temporal coverage
    guide: str  # Markdown: how to read the package, placed before the data dictionary in its README

    @property
    def tables(self) -> tuple[Table, ...]:
        return tuple(TABLES[n] for n in self.table_names)


LICENSE = {
    "name": "CC-BY-4.0",
    "title": "Creative Commons Attribution 4.0",
    "path": "https://creativecommons.org/licenses/by/4.0/",
}
CONTRIBUTORS = ({"title": "EU cluster partnerships open data team", "roles": ["creator", "publisher"]},)

GUIDE = """
## How to read it

- **Partial by design.** A partnership, member, date or amount appears only where a source states it.
  An empty cell means *not known to us*, never zero or "none". No source lists all partnerships of any
  generation, so counts here are lower bounds: `partnerships_by_programme` counts what we name, not
  what the programmes funded.
- **Every value has the words that state it.** `statements` holds, for every non-empty value of the
  curated tables, the page that states it and that page's own words (`quote`), one row per value and
  quote: a value two pages state has two rows. The pipeline checks each quote against its value by the
  field's kind (a name, an amount, a date, a country, a role, …) and refuses to publish a value without
  such a quote. `basis` is `stated`, or `inferred:<rule>` where the value is inferred by a rule from a
  closed list (a country from the city the page names, say); `form` says whether the quote writes the
  value as published (`same words`), in another form (a country's name for its code, a date written
  out) or supports it by inference; `accessed` is when the page was read. Where the page's licence
  allows, a copy of it is kept (`documents`, and `sources.copy_sha256`) and every quote from it is
  checked to be in the copy. `evidence_by_table` gives the shares per table. A row's `source_id` names
  the page that states the row itself (the partnership, the membership); `raw_file`, `raw_sheet` and
  `raw_row` say where in the project's `raw/` folder the row was curated.
- **Are the pages still there?** `source_checks` is the latest weekly watch of the sources: for each, when
  its address was fetched, the HTTP status, where redirects ended, a hash of its text and which quotes
  are no longer found (`missing_quotes`, joinable to `statements` on `source_id` and `quote`), with a
  status (`unchanged`, `changed`, `quote missing`, `moved`, `gone`, `unreachable`, …). A watch changes no
  value; curators decide. `sources.archived_url` links the Internet Archive's copy nearest to the day a
  page was read.
- **Dates with a precision.** Sources often give only a month or a year. A start holds the first day
  of the period stated and an end its last, and `start_date_precision` / `end_date_precision` say
  which: a start `2018-01-01` with precision `month` means "January 2018", an end `2019-12-31` with
  precision `month` "December 2019", so that `end_date - start_date` does not understate a span.
- **Ranges and caps stay what they are.** "EUR 2.5 to 5 million" is `min_grant_eur` and `max_grant_eur`;
  "up to 16 projects" is `expected_funded` 16 with `expected_funded_qualifier` `up_to`.
- **Generations.** A partnership's generation is the one a page names, or the one a declared rule places it
  in (its start, its call, or a dated page from when only one of the programme's calls had closed: see
  Inference rules; `statements` gives the words and the rule). `generation` and `generation_id` are empty
  where nothing places it; the project's `raw/research/unplaced_generations.csv` says, for each of those,
  what was searched. In the aggregates `not stated` counts them and `all generations` is the programme as
  a whole, both without a `generation_id`.
- **Countries** are ISO 3166-1 alpha-2 codes: `GR` for Greece and `GB` for the United Kingdom, where
  EU documents write `EL` and `UK`.
- **Several values in one cell** (`target_countries`, `sectors`, `further_source_urls`, …) are
  separated by `;` in CSV and are lists in Parquet.
- **Ids are stable.** `partnership_id` and `organisation_id` are derived from the acronym and the
  curated organisation name, not from row order; an organisation that sources name differently (or
  that was renamed) appears once, with its other names in `organisations.alternative_names`, and
  `partnership_members.name_in_source` keeps each source's wording. A changed id is a major version.
- **Amounts** are euros, exact to the cent (DECIMAL(15,2) in Parquet).

## Claims, conflicts and coverage

- **`claims`** are figures that sources state: a count of partnerships, a budget, a rule of
  ClusterXchange. Each names its source, metric, unit, qualifier (`exact`, `approximately`,
  `at_least`, `more_than`, `up_to`) and period. Where we hold the document (see `documents`) the
  claim carries the exact quote, and the pipeline has checked that the quote stands in the document
  and that the value is one of its figures, as the document's language writes them ("7,5 milj €" is
  7500000); `quote_start` and `quote_end` locate the quote in the document's normalised text, and
  `verified` is true. Claims from pages we read only as stored copies have `verified` false.
- **`claim_conflicts`** lists every pair of claims in which two sources give different values for the
  same programme, generation, metric and dimension over the same or overlapping periods. Both sides
  are shown with their sources and quotes; the data does not pick a winner, but `kind` says whether
  the two truly contradict each other (same moment or period), refer to different dates (a count on
  launch day beside one for the whole generation) or are a bound and a value it keeps (up to 26, 25).
  For example, the first ESCP-4i generation is 25 partnerships on the ECCP's own page and in the
  founding article, 24 at the launch event of 8 March 2016 and "up to 26" in the 2016 call text;
  the founding article says the sending cluster receives a ClusterXchange lump sum, the ECCP that the
  visitor does. A difference can be a real change over time (a partnership that left), a different
  way of counting (with or without voluntary partnerships), or an error in one source.
- **`coverage`** puts each stated total beside what our registers contain, per programme and
  generation (`all generations` for the programme as a whole): `stated_min` and `stated_max` (they
  differ where sources disagree), `registered`, and `ratio` = registered / stated_max. A ratio of 0.77
  for the first ESCP-4X wave means we name 10 of the 13 partnerships sources count. Registered
  organisations are all named members, so they are compared with both `cluster_organisations` and
  `partners`. Coverage ignores periods: a stated count of projects in 2015-2019 is compared with
  every project we list.

Query the Parquet files directly, for example with DuckDB:

    duckdb -c "select programme_id, generation, partnerships from 'published/eu-cluster-partnerships/latest/data/partnerships_by_programme.parquet'"

Every value beside its evidence: join `statements` on the table's name, the row's key and the field
(a composite key is its values joined by `|`, as `partnership_id|organisation_id`):

    duckdb -c "select p.acronym, s.field_name, s.value, s.quote, s.source_url, s.basis from 'published/eu-cluster-partnerships/latest/data/partnerships.parquet' p join 'published/eu-cluster-partnerships/latest/data/statements.parquet' s on s.table_name = 'partnerships' and s.row_key = p.partnership_id order by p.acronym, s.field_name"
"""

PARTNERSHIPS = PackageSpec(
    name="eu-cluster-partnerships",
    title="EU cluster partnerships",
    description=(
        "The European Commission's European Strategic Cluster Partnerships (ESCP-4i Going International, "
        "ESCP-4X Excellence, ESCP-S3 Smart Specialisation), the Horizon 2020 INNOSUP-01 cluster projects "
        "and their successor Euroclusters: programmes, calls for proposals, partnerships and member "
        "organisations, each row with the source that states it. Coverage is partial: only what a source "
        "states is included, and unknown values are left empty."
    ),
    keywords=("clusters", "COSME", "ESCP", "INNOSUP", "Euroclusters", "European Union", "SMEs"),
    period=("2014", "2025"),  # from the first ESCP-4i and INNOSUP calls to the 2024 Euroclusters call's deadline
    table_names=(
        "sources",
        "documents",
        "programmes",
        "calls",
        "generations",
        "partnerships",
        "organisations",
        "partnership_members",
        "statements",
        "evidence_by_table",
        "source_checks",
        "partnerships_by_programme",
        "members_by_country",
        "country_pairs",
        "claims",
        "claim_conflicts",
        "coverage",
    ),
    guide=GUIDE,
)

CXC_GUIDE = """
## How to read it

- **No public register of individual exchanges exists.** `exchanges` holds the exchanges that public
  pages report (`reported` true: a partnership's news, a ClusterXchange webinar report, a success
  story), one row per exchange whose visiting organisation a page names, each with the page that
  states it (`source_url`, `further_source_urls`) and its words (`quote`). A sourced register of a
  data holder's own exchanges would add rows with `reported` false. Today there are 10 rows: a small
  sample of the scheme, not its total (see `coverage` in the eu-cluster-partnerships package).
- **What a page does not state stays empty**: a date (or only its month or year, with
  `start_date_precision` / `end_date_precision`), the duration in working days, a country, the mode,
  the group size. Aggregates count such rows under `not stated`; nothing is estimated.
- **`exchange_events`** holds exchange events (group visits, missions, online sessions) that pages
  describe without naming each visitor and host, one row per event at the level the page states it,
  with the number of visitors where stated and what it counts (`visitors_unit`); `status` says
  whether the page reports it as held or only announces it. An event's visitors that a page does name
  are rows of `exchanges` too.
- **Organisations only**: no person is named in any table; a page that names a person gave us the
  organisation.
- **What is public besides** is in `programme_figures`: the scheme's rules (3 working days, travel
  excluded, to 1 month; a lump sum to the visiting organisation, halved under 5 working days or 200 km)
  and its counts (34 exchanges by January 2021 in the founding article, 80 virtual exchanges by 9 June
  2021 on the European Cluster Collaboration Platform, over 600 expected for 2020-2022; per partnership,
  with the partnership as `dimension`, exchanges planned and done), each with its source.
- **`exchange_partnerships`** lists the partnerships that sources say run exchanges, with the
  exchanges they planned where stated; `exchanges_by_partnership` sets registered exchanges and events
  beside them. A row whose partnership a page does not make clear has an empty `partnership_id`, with
  the reason in `notes`.
- **Rules the data keeps, on what is stated**: an exchange lasts 3 working days to 1 month (checked
  where the working days or both dates to the day are stated) and does not end before it starts; a
  visiting organisation takes part once; both organisations come from a COSME participating country
  (`cosme_countries`, with its source: an exchange with a country whose status is unsure is kept and
  flagged, not rejected); lump sums are not negative.
- **Countries** are ISO 3166-1 alpha-2 codes (`GR`, `GB`, not the EU's `EL`, `UK`).
"""

CLUSTERXCHANGE = PackageSpec(
    name="clusterxchange",
    title="ClusterXchange: short exchanges between EU clusters",
    description=(
        "ClusterXchange, the European Commission's scheme of short exchanges (3 working days to 1 month) "
        "between cluster organisations and their members, run by the European Strategic Cluster Partnerships "
        "for Excellence: the exchanges public pages report and sourced registers state, exchange events, the "
        "partnerships that run them, the countries that may take part, and the programme's figures and rules with "
        "their sources."
    ),
    period=("2020", "2024"),  # the pilot (2020-2022) and the second set (2022-2024)
    keywords=("clusters", "ClusterXchange", "COSME", "ESCP-4X", "exchanges", "European Union", "SMEs"),
    table_names=(
        "sources",
        "cosme_countries",
        "exchange_partnerships",
        "exchanges",
        "exchange_events",
        "programme_figures",
        "exchanges_by_year_mode",
        "exchange_flows",
        "exchange_durations",
        "exchanges_by_partnership",
        "exchange_lump_sums",
    ),
    guide=CXC_GUIDE,
)

PACKAGES = (PARTNERSHIPS, CLUSTERXCHANGE)
