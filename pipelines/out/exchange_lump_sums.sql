-- Lump sums paid per start year; 'not stated' where a reported exchange gives no date.
SELECT
    coalesce(CAST(year(start_date) AS VARCHAR), 'not stated') AS year,
    count(*) AS exchanges,
    count(lump_sum_eur) AS with_lump_sum,
    coalesce(sum(lump_sum_eur), 0) AS lump_sum_eur,
    round(avg(lump_sum_eur), 2) AS mean_lump_sum_eur
FROM exchanges
GROUP BY ALL
ORDER BY year
