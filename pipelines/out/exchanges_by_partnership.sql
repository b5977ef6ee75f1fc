-- Every partnership known to run ClusterXchange, with the exchanges and exchange events registered for it.
WITH registered AS (
    SELECT
        partnership_id,
        count(*) AS exchanges,
        count(DISTINCT visiting_country) AS visiting_countries,
        count(DISTINCT host_country) AS host_countries,
        sum(lump_sum_eur) AS lump_sum_eur
    FROM exchanges
    GROUP BY ALL
),
events AS (
    SELECT partnership_id, count(*) AS events FROM exchange_events GROUP BY ALL
)
SELECT
    p.partnership_id,
    p.planned_exchanges,
    coalesce(r.exchanges, 0) AS exchanges,
    coalesce(r.visiting_countries, 0) AS visiting_countries,
    coalesce(r.host_countries, 0) AS host_countries,
    coalesce(r.lump_sum_eur, 0) AS lump_sum_eur,
    coalesce(v.events, 0) AS events
FROM exchange_partnerships AS p
LEFT JOIN registered AS r ON r.partnership_id = p.partnership_id
LEFT JOIN events AS v ON v.partnership_id = p.partnership_id
ORDER BY p.partnership_id
