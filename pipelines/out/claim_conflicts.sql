-- Two sources, different values, for the same programme, generation, metric and dimension, over the
-- same or overlapping periods (a claim without a period overlaps any). Each pair once, classified:
-- a bound the other value keeps is no contradiction, and neither are counts of different moments.
SELECT
    a.programme_id,
    a.generation,
    a.metric,
    a.dimension,
    a.claim_id AS claim_id_a, a.source_id AS source_id_a, a.source_url AS source_url_a,
    a.value AS value_a, a.value_text AS value_text_a, a.qualifier AS qualifier_a, a.period AS period_a,
    a.quote AS quote_a,
    b.claim_id AS claim_id_b, b.source_id AS source_id_b, b.source_url AS source_url_b,
    b.value AS value_b, b.value_text AS value_text_b, b.qualifier AS qualifier_b, b.period AS period_b,
    b.quote AS quote_b,
    b.value - a.value AS difference,
    CASE
        WHEN (a.qualifier = 'up_to' AND b.value <= a.value) OR (b.qualifier = 'up_to' AND a.value <= b.value)
            OR (a.qualifier = 'at_least' AND b.value >= a.value) OR (b.qualifier = 'at_least' AND a.value >= b.value)
            OR (a.qualifier = 'more_than' AND b.value > a.value) OR (b.qualifier = 'more_than' AND a.value > b.value)
            THEN 'within_bound'
        WHEN a.period_start IS NULL OR b.period_start IS NULL
            OR (a.period_start = b.period_start AND a.period_end = b.period_end)
            THEN 'contradiction'
        ELSE 'differs_by_date'
    END AS kind
FROM claims AS a
JOIN claims AS b
    ON a.programme_id IS NOT DISTINCT FROM b.programme_id
    AND a.generation IS NOT DISTINCT FROM b.generation
    AND a.metric = b.metric
    AND a.dimension IS NOT DISTINCT FROM b.dimension
    AND a.source_id < b.source_id
    AND (a.value IS DISTINCT FROM b.value OR a.value_text IS DISTINCT FROM b.value_text)
WHERE a.period_start IS NULL OR b.period_start IS NULL
    OR (a.period_start <= b.period_end AND b.period_start <= a.period_end)
ORDER BY a.programme_id, a.generation, a.metric, a.dimension, claim_id_a, claim_id_b
