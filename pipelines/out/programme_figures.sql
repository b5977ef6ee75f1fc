-- The claims about ClusterXchange as a whole.
SELECT * FROM claims WHERE programme_id = 'CXC' ORDER BY claim_id
