-- Lump sums paid per start year.
SELECT
    year(start_date) AS year,
    count(*) AS exchanges,
    count(lump_sum_eur) AS with_lump_sum,
    coalesce(sum(lump_sum_eur), 0) AS lump_sum_eur,
    round(avg(lump_sum_eur), 2) AS mean_lump_sum_eur
FROM exchanges
GROUP BY ALL
ORDER BY year
