-- Exchanges per start year and mode; 'not stated' where a reported exchange gives no date or mode.
SELECT
    coalesce(CAST(year(start_date) AS VARCHAR), 'not stated') AS year,
    coalesce(mode, 'not stated') AS mode,
    count(*) AS exchanges,
    sum(working_days) AS working_days,
    sum(coalesce(group_size, 1)) AS participants
FROM exchanges
GROUP BY ALL
ORDER BY year, mode
