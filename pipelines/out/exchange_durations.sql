-- Exchanges per length band; every band is listed, with 0 where none falls in it, and 'not stated' counts
-- the exchanges whose length no source states.
WITH bands(band, min_working_days, max_working_days) AS (
    VALUES
        ('3-4 working days', 3, 4),
        ('5-9 working days', 5, 9),
        ('10-14 working days', 10, 14),
        ('15-19 working days', 15, 19),
        ('20 working days or more', 20, NULL),
        ('not stated', NULL, NULL)
)
SELECT
    b.band,
    b.min_working_days,
    b.max_working_days,
    count(e.exchange_id) AS exchanges
FROM bands AS b
LEFT JOIN exchanges AS e
    ON (b.min_working_days IS NULL AND e.working_days IS NULL)
    OR (e.working_days >= b.min_working_days AND (b.max_working_days IS NULL OR e.working_days <= b.max_working_days))
GROUP BY ALL
ORDER BY b.min_working_days NULLS LAST
