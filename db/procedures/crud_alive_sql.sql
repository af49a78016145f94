-- The condition that leaves soft-deleted rows out of reads of p_type: its own deleted rows (when
-- p_self) and the rows of a deleted parent, for a type or parent with soft_delete switched on.
-- It reads the tables, so a view needs no deleted_on column. p_alias names the view's alias;
-- the API loads it once per type with p_alias = '{alias}'.
CREATE OR REPLACE FUNCTION crud_alive_sql(p_type VARCHAR(64), p_alias VARCHAR(20), p_self TINYINT)
RETURNS VARCHAR(1000)
READS SQL DATA
BEGIN
    DECLARE v_table VARCHAR(64);
    DECLARE v_soft TINYINT;
    DECLARE v_parent_column VARCHAR(64);
    DECLARE v_parent_table VARCHAR(64);
    DECLARE v_parent_soft TINYINT;
    SELECT
        t.table_name,
        t.soft_delete,
        t.parent_column,
        p.table_name AS parent_table,
        p.soft_delete AS parent_soft_delete
    INTO v_table, v_soft, v_parent_column, v_parent_table, v_parent_soft
    FROM crud_type AS t
    LEFT JOIN crud_type AS p ON t.parent_name = p.name
    WHERE t.name = p_type;
    RETURN CONCAT(
        IF(
            p_self AND v_soft,
            CONCAT(
                ' AND NOT EXISTS (SELECT 1 FROM `', v_table, '` AS dx WHERE dx.id = ', p_alias,
                '.`id` AND dx.deleted_on IS NOT NULL)'
            ),
            ''
        ),
        IF(
            v_parent_soft,
            CONCAT(
                ' AND NOT EXISTS (SELECT 1 FROM `', v_parent_table, '` AS dp WHERE dp.id = ', p_alias,
                '.`', v_parent_column, '` AND dp.deleted_on IS NOT NULL)'
            ),
            ''
        )
    );
END
