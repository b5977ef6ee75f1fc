-- Member organisations and memberships per programme and country (organisations with a stated country).
SELECT
    p.programme_id,
    o.country,
    count(DISTINCT o.organisation_id) AS organisations,
    count(*) AS memberships,
    count(DISTINCT m.partnership_id) AS partnerships
FROM partnership_members AS m
JOIN partnerships AS p ON p.partnership_id = m.partnership_id
JOIN organisations AS o ON o.organisation_id = m.organisation_id
WHERE o.country IS NOT NULL
GROUP BY ALL
ORDER BY programme_id, country
