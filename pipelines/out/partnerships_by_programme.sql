-- Partnerships per programme and generation, with the member organisations our registers name.
SELECT
    p.programme_id,
    coalesce(p.generation, 'not stated') AS generation,
    p.generation_id,
    count(DISTINCT p.partnership_id) AS partnerships,
    count(DISTINCT m.partnership_id) AS partnerships_with_members,
    count(DISTINCT m.organisation_id) AS organisations,
    count(DISTINCT o.country) AS countries
FROM partnerships AS p
LEFT JOIN partnership_members AS m ON m.partnership_id = p.partnership_id
LEFT JOIN organisations AS o ON o.organisation_id = m.organisation_id
GROUP BY ALL
ORDER BY programme_id, generation
