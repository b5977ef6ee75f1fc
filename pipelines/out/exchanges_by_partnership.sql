-- Every partnership known to run ClusterXchange, with the exchanges registered for it.
SELECT
    p.partnership_id,
    p.planned_exchanges,
    count(e.exchange_id) AS exchanges,
    count(DISTINCT e.visiting_country) AS visiting_countries,
    count(DISTINCT e.host_country) AS host_countries,
    coalesce(sum(e.lump_sum_eur), 0) AS lump_sum_eur
FROM exchange_partnerships AS p
LEFT JOIN exchanges AS e ON e.partnership_id = p.partnership_id
GROUP BY ALL
ORDER BY p.partnership_id
