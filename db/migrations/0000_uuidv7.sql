-- PostgreSQL 18 (and PGlite) have uuidv7() built in; older servers (PostgreSQL 15 on CI)
-- get an equivalent SQL function: 48-bit unix-ms timestamp, version 7, variant bits, random rest.
DO $$
BEGIN
  IF current_setting('server_version_num')::int < 180000 THEN
    CREATE OR REPLACE FUNCTION uuidv7() RETURNS uuid AS $fn$
      SELECT encode(
        set_bit(set_bit(
          overlay(uuid_send(gen_random_uuid())
            PLACING substring(int8send(floor(extract(epoch FROM clock_timestamp()) * 1000)::bigint) FROM 3)
            FROM 1 FOR 6),
          52, 1), 53, 1),
        'hex')::uuid;
    $fn$ LANGUAGE sql VOLATILE;
  END IF;
END
$$;
