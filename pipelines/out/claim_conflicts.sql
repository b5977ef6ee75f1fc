-- Two sources, different values, for the same programme, generation, metric and dimension, over the
-- same or overlapping periods (a claim without a period overlaps any). Each pair once.
SELECT
    a.programme_id,
    a.generation,
    a.metric,
    a.dimension,
    a.claim_id AS claim_id_a, a.source_id AS source_id_a, a.source_url AS source_url_a,
    a.value AS value_a, a.qualifier AS qualifier_a, a.period AS period_a, a.quote AS quote_a,
    b.claim_id AS claim_id_b, b.source_id AS source_id_b, b.source_url AS source_url_b,
    b.value AS value_b, b.qualifier AS qualifier_b, b.period AS period_b, b.quote AS quote_b,
    b.value - a.value AS difference
FROM claims AS a
JOIN claims AS b
    ON a.programme_id IS NOT DISTINCT FROM b.programme_id
    AND a.generation IS NOT DISTINCT FROM b.generation
    AND a.metric = b.metric
    AND a.dimension IS NOT DISTINCT FROM b.dimension
    AND a.source_id < b.source_id
    AND a.value <> b.value
WHERE a.period_start IS NULL OR b.period_start IS NULL
    OR (a.period_start <= b.period_end AND b.period_start <= a.period_end)
ORDER BY a.programme_id, a.generation, a.metric, a.dimension, claim_id_a, claim_id_b
