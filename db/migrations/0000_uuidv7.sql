-- PostgreSQL 18 (and PGlite) have uuidv7() built in; older servers (PostgreSQL 15 on CI)
-- get an equivalent: 48-bit unix-ms timestamp, version 7, then 12 bits of sub-millisecond
-- time (as PostgreSQL 18 does, so keys made one after another stay ordered), variant, random.
DO $$
BEGIN
  IF current_setting('server_version_num')::int < 180000 THEN
    CREATE OR REPLACE FUNCTION uuidv7() RETURNS uuid AS $fn$
    DECLARE
      ts double precision := extract(epoch FROM clock_timestamp()) * 1000;
      ms bigint := floor(ts);
      sub int := floor((ts - ms) * 4096);
      b bytea := uuid_send(gen_random_uuid());
    BEGIN
      b := overlay(b PLACING substring(int8send(ms) FROM 3) FROM 1 FOR 6);
      b := set_byte(b, 6, 112 | (sub >> 8));
      b := set_byte(b, 7, sub & 255);
      RETURN encode(b, 'hex')::uuid;
    END
    $fn$ LANGUAGE plpgsql VOLATILE;
  END IF;
END
$$;
