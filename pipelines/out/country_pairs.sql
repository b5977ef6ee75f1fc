-- Pairs of countries with member organisations in the same partnership, each pair once (a < b).
WITH partnership_countries AS (
    SELECT DISTINCT m.partnership_id, o.country
    FROM partnership_members AS m
    JOIN organisations AS o ON o.organisation_id = m.organisation_id
    WHERE o.country IS NOT NULL
)
SELECT
    a.country AS country_a,
    b.country AS country_b,
    count(*) AS partnerships,
    list(a.partnership_id ORDER BY a.partnership_id) AS partnership_ids
FROM partnership_countries AS a
JOIN partnership_countries AS b
    ON b.partnership_id = a.partnership_id AND a.country < b.country
GROUP BY ALL
ORDER BY country_a, country_b
