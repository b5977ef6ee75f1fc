-- Exchanges from the visiting organisation's country to the host's; 'not stated' where a page gives none.
SELECT
    coalesce(visiting_country, 'not stated') AS visiting_country,
    coalesce(host_country, 'not stated') AS host_country,
    count(*) AS exchanges,
    sum(working_days) AS working_days
FROM exchanges
GROUP BY ALL
ORDER BY visiting_country, host_country
