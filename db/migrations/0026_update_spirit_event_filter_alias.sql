-- GET list filters are <field>=value or <field>__<operator>=value; the min_/max_ prefixes are
-- gone (a field may itself start with min_). The seed's min_importance stays, as an alias.
UPDATE crud_type SET parameter_aliases = 'min_importance:importance_score__gte'
WHERE name = 'spirit_event';
