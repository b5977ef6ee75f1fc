-- Stated totals beside what the registers contain, per programme and generation ('all generations'
-- for the programme as a whole); ClusterXchange's exchanges are counted from the exchanges table, against the
-- exchanges stated done, the virtual ones, and those expected (every registered exchange counts towards each).
-- Every programme and every generation gets at least its partnerships row, stated total or not.
WITH stated AS (
    SELECT
        programme_id,
        coalesce(generation, 'all generations') AS generation,
        metric,
        min(value)::BIGINT AS stated_min,  -- counts: whole numbers
        max(value)::BIGINT AS stated_max,
        count(*) AS stated_claims,
        list(claim_id ORDER BY claim_id) AS claim_ids
    FROM claims
    WHERE programme_id IS NOT NULL
        AND dimension IS NULL
        AND metric IN (
            'partnerships', 'cluster_organisations', 'partners', 'countries', 'exchanges', 'virtual_exchanges',
            'expected_exchanges'
        )
    GROUP BY ALL
),
memberships AS (
    SELECT p.programme_id, p.generation, p.partnership_id, m.organisation_id, o.country
    FROM partnerships AS p
    LEFT JOIN partnership_members AS m ON m.partnership_id = p.partnership_id
    LEFT JOIN organisations AS o ON o.organisation_id = m.organisation_id
),
counted AS (
    SELECT
        programme_id,
        CASE WHEN grouping(generation) = 1 THEN 'all generations' ELSE generation END AS generation,
        count(DISTINCT partnership_id) AS partnerships,
        count(DISTINCT organisation_id) AS cluster_organisations,
        count(DISTINCT organisation_id) AS partners,
        count(DISTINCT country) AS countries
    FROM memberships
    GROUP BY GROUPING SETS ((programme_id, generation), (programme_id))
),
registered AS (
    UNPIVOT (SELECT * FROM counted WHERE generation IS NOT NULL)
    ON partnerships, cluster_organisations, partners, countries
    INTO NAME metric VALUE registered
    UNION ALL
    SELECT 'CXC', 'all generations', 'exchanges', count(*) FROM exchanges
    UNION ALL
    SELECT 'CXC', 'all generations', 'virtual_exchanges', count(*) FILTER (WHERE mode = 'virtual') FROM exchanges
    UNION ALL
    SELECT 'CXC', 'all generations', 'expected_exchanges', count(*) FROM exchanges
),
keys AS (
    SELECT programme_id, generation, metric FROM stated
    UNION
    SELECT programme_id, 'all generations', 'partnerships' FROM programmes
    UNION
    SELECT programme_id, name, 'partnerships' FROM generations
)
SELECT
    k.programme_id,
    k.generation,
    g.generation_id,
    k.metric,
    s.stated_min,
    s.stated_max,
    coalesce(s.stated_claims, 0) AS stated_claims,
    s.claim_ids,
    coalesce(r.registered, 0) AS registered,
    CASE WHEN s.stated_max > 0 THEN round(coalesce(r.registered, 0) / s.stated_max, 3)::DOUBLE END AS ratio
FROM keys AS k
LEFT JOIN stated AS s USING (programme_id, generation, metric)
LEFT JOIN registered AS r USING (programme_id, generation, metric)
LEFT JOIN generations AS g ON g.programme_id = k.programme_id AND g.name = k.generation
ORDER BY k.programme_id, k.generation, k.metric
