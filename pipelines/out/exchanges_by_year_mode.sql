-- Exchanges per start year and mode.
SELECT
    year(start_date) AS year,
    mode,
    count(*) AS exchanges,
    sum(working_days) AS working_days,
    sum(coalesce(group_size, 1)) AS participants
FROM exchanges
GROUP BY ALL
ORDER BY year, mode
