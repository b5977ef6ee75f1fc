-- Exchanges from the visiting organisation's country to the host's.
SELECT visiting_country, host_country, count(*) AS exchanges, sum(working_days) AS working_days
FROM exchanges
GROUP BY ALL
ORDER BY visiting_country, host_country
