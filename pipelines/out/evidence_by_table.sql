-- Per curated table: how many of its values the evidence states in the quote's own words, in another form
-- (a country's name for its code, a date written out), or by a declared inference. A value counts once, by
-- its strongest evidence.
WITH per_value AS (
    SELECT
        table_name,
        row_key,
        field_name,
        CASE
            WHEN bool_or(form = 'same words') THEN 'same words'
            WHEN bool_or(form = 'other form') THEN 'other form'
            ELSE 'inferred'
        END AS form,
        count(DISTINCT source_id) AS sources
    FROM statements
    GROUP BY ALL
)
SELECT
    table_name,
    count(*) AS stated_values,
    count(*) FILTER (WHERE form = 'same words') AS same_words,
    count(*) FILTER (WHERE form = 'other form') AS other_form,
    count(*) FILTER (WHERE form = 'inferred') AS inferred,
    count(*) FILTER (WHERE sources > 1) AS stated_by_two_or_more,
    round(100.0 * count(*) FILTER (WHERE form = 'same words') / count(*), 1) AS same_words_pct
FROM per_value
GROUP BY table_name
ORDER BY table_name
