-- 0003: cluster membership and the gateway list for the Orleans ADO.NET clustering provider.
--
-- Orleans runs an optimistic, versioned protocol: every change to the member table must check and
-- bump the single version row of the deployment, atomically. The ADO.NET layer never opens a
-- transaction, so that atomicity lives in the two functions below, which lock the version row first.
-- Timestamps are timestamptz throughout: Orleans sends UTC DateTimes typed as timestamptz, and a
-- function parameter declared as plain timestamp would not even resolve (error 42883).

CREATE TABLE orleans_membership_version
(
    deployment_id text        NOT NULL,
    -- Must stay a non-negative int32 that only ever grows while the cluster lives.
    version       integer     NOT NULL DEFAULT 0,
    changed_on    timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT orleans_membership_version_pkey PRIMARY KEY (deployment_id),
    CONSTRAINT orleans_membership_version_non_negative CHECK (version >= 0)
);

CREATE TABLE orleans_membership
(
    deployment_id   text        NOT NULL,
    -- text, not char(n): padding would break IPAddress.Parse in Orleans.
    address         text        NOT NULL,
    port            integer     NOT NULL,
    generation      integer     NOT NULL,
    silo_name       text        NOT NULL,
    host_name       text        NOT NULL,
    -- Orleans SiloStatus: 0 None, 1 Created, 2 Joining, 3 Active, 4 ShuttingDown, 5 Stopping, 6 Dead.
    status          integer     NOT NULL,
    -- 0 means "no gateway"; the gateway query filters it out.
    proxy_port      integer     NOT NULL,
    -- Opaque to the database: "ip:port@generation,time|..." written by Orleans.
    suspect_times   text        NULL,
    start_time      timestamptz NOT NULL,
    i_am_alive_time timestamptz NOT NULL,
    CONSTRAINT orleans_membership_pkey PRIMARY KEY (deployment_id, address, port, generation),
    CONSTRAINT orleans_membership_version_fkey FOREIGN KEY (deployment_id)
        REFERENCES orleans_membership_version (deployment_id) ON DELETE CASCADE
);

-- InsertMembershipKey. True only when the caller's table version is current AND the silo has no row
-- yet; then the row is inserted and the version bumped in one transaction (the calling statement).
-- Locking the version row first serialises concurrent joiners: a waiter re-reads the row after the
-- winner commits, sees a newer version and returns false without changing anything.
CREATE FUNCTION orleans_insert_membership(
    p_deployment_id   text,
    p_address         text,
    p_port            integer,
    p_generation      integer,
    p_silo_name       text,
    p_host_name       text,
    p_status          integer,
    p_proxy_port      integer,
    p_start_time      timestamptz,
    p_i_am_alive_time timestamptz,
    p_version         integer)
RETURNS boolean
LANGUAGE plpgsql
AS $function$
BEGIN
    PERFORM 1
       FROM orleans_membership_version
      WHERE deployment_id = p_deployment_id
        AND version = p_version
        FOR UPDATE;
    IF NOT FOUND THEN
        RETURN false;
    END IF;

    INSERT INTO orleans_membership
           (deployment_id, address, port, generation, silo_name, host_name,
            status, proxy_port, suspect_times, start_time, i_am_alive_time)
    VALUES (p_deployment_id, p_address, p_port, p_generation, p_silo_name, p_host_name,
            p_status, p_proxy_port, NULL, p_start_time, p_i_am_alive_time)
    ON CONFLICT ON CONSTRAINT orleans_membership_pkey DO NOTHING;
    IF NOT FOUND THEN
        RETURN false;
    END IF;

    UPDATE orleans_membership_version
       SET version = version + 1, changed_on = now()
     WHERE deployment_id = p_deployment_id;
    RETURN true;
END;
$function$;

-- UpdateMembershipKey. Same protocol: the version must match and the row must exist; then exactly
-- status, suspect_times and i_am_alive_time change and the version is bumped.
CREATE FUNCTION orleans_update_membership(
    p_deployment_id   text,
    p_address         text,
    p_port            integer,
    p_generation      integer,
    p_status          integer,
    p_suspect_times   text,
    p_i_am_alive_time timestamptz,
    p_version         integer)
RETURNS boolean
LANGUAGE plpgsql
AS $function$
BEGIN
    PERFORM 1
       FROM orleans_membership_version
      WHERE deployment_id = p_deployment_id
        AND version = p_version
        FOR UPDATE;
    IF NOT FOUND THEN
        RETURN false;
    END IF;

    UPDATE orleans_membership
       SET status          = p_status,
           suspect_times   = p_suspect_times,
           i_am_alive_time = p_i_am_alive_time
     WHERE deployment_id = p_deployment_id
       AND address       = p_address
       AND port          = p_port
       AND generation    = p_generation;
    IF NOT FOUND THEN
        RETURN false;
    END IF;

    UPDATE orleans_membership_version
       SET version = version + 1, changed_on = now()
     WHERE deployment_id = p_deployment_id;
    RETURN true;
END;
$function$;

INSERT INTO orleansquery (querykey, querytext) VALUES
(
    'InsertMembershipVersionKey',
    $query$
    -- Every silo calls this at start-up. Exactly one boolean: true if this call created the row.
    WITH created AS
    (
        INSERT INTO orleans_membership_version (deployment_id, version)
        VALUES (@DeploymentId, 0)
        ON CONFLICT ON CONSTRAINT orleans_membership_version_pkey DO NOTHING
        RETURNING 1
    )
    SELECT count(*) > 0 AS created FROM created
    $query$
),
(
    'MembershipReadAllKey',
    $query$
    -- One snapshot: the version row first (outer-joined), so an empty cluster still returns one row
    -- whose NULL StartTime tells Orleans "no members".
    SELECT v.version         AS Version,
           m.address         AS Address,
           m.port            AS Port,
           m.generation      AS Generation,
           m.silo_name       AS SiloName,
           m.host_name       AS HostName,
           m.status          AS Status,
           m.proxy_port      AS ProxyPort,
           m.suspect_times   AS SuspectTimes,
           m.start_time      AS StartTime,
           m.i_am_alive_time AS IAmAliveTime
      FROM orleans_membership_version v
      LEFT JOIN orleans_membership m
        ON m.deployment_id = v.deployment_id
     WHERE v.deployment_id = @DeploymentId
    $query$
),
(
    'MembershipReadRowKey',
    $query$
    -- Same shape, limited to one silo; without a member row the version row still comes back.
    SELECT v.version         AS Version,
           m.address         AS Address,
           m.port            AS Port,
           m.generation      AS Generation,
           m.silo_name       AS SiloName,
           m.host_name       AS HostName,
           m.status          AS Status,
           m.proxy_port      AS ProxyPort,
           m.suspect_times   AS SuspectTimes,
           m.start_time      AS StartTime,
           m.i_am_alive_time AS IAmAliveTime
      FROM orleans_membership_version v
      LEFT JOIN orleans_membership m
        ON m.deployment_id = v.deployment_id
       AND m.address       = @Address
       AND m.port          = @Port
       AND m.generation    = @Generation
     WHERE v.deployment_id = @DeploymentId
    $query$
),
(
    'InsertMembershipKey',
    $query$
    SELECT orleans_insert_membership(
               @DeploymentId, @Address, @Port, @Generation, @SiloName, @HostName,
               @Status, @ProxyPort, @StartTime, @IAmAliveTime, @Version) AS inserted
    $query$
),
(
    'UpdateMembershipKey',
    $query$
    SELECT orleans_update_membership(
               @DeploymentId, @Address, @Port, @Generation,
               @Status, @SuspectTimes, @IAmAliveTime, @Version) AS updated
    $query$
),
(
    'UpdateIAmAlivetimeKey',
    $query$
    -- Heartbeat: outside the versioned protocol, so the version is deliberately not bumped.
    UPDATE orleans_membership
       SET i_am_alive_time = @IAmAliveTime
     WHERE deployment_id = @DeploymentId
       AND address       = @Address
       AND port          = @Port
       AND generation    = @Generation
    $query$
),
(
    'GatewaysQueryKey',
    $query$
    -- Orleans does not filter silos without a gateway itself: ProxyPort 0 must be excluded here.
    SELECT address    AS Address,
           proxy_port AS ProxyPort,
           generation AS Generation
      FROM orleans_membership
     WHERE deployment_id = @DeploymentId
       AND status        = @Status
       AND proxy_port    > 0
    $query$
),
(
    'DeleteMembershipTableEntriesKey',
    $query$
    -- Tests and tooling only. The version row goes too (cascading to members); the next silo recreates it.
    DELETE FROM orleans_membership_version
     WHERE deployment_id = @DeploymentId
    $query$
),
(
    'CleanupDefunctSiloEntriesKey',
    $query$
    -- Bulk cleanup of Dead silos (status 6) not heard from since the cutoff. Active rows and the
    -- version row are never touched and the version is not bumped. Orleans 10.4.2 prefers the
    -- per-row key below when it exists; this one stays because a missing key stops silos starting.
    DELETE FROM orleans_membership
     WHERE deployment_id   = @DeploymentId
       AND status          = 6
       AND i_am_alive_time < @IAmAliveTime
    $query$
),
(
    'CleanupDefunctSiloEntryKey',
    $query$
    -- Per-row compare-and-delete: Orleans read the row, decided it is defunct, and passes back what it
    -- saw. Delete only if the row is still Dead and unchanged since (NULL suspect times match NULL).
    DELETE FROM orleans_membership
     WHERE deployment_id   = @DeploymentId
       AND address         = @Address
       AND port            = @Port
       AND generation      = @Generation
       AND status          = 6
       AND start_time      = @StartTime
       AND i_am_alive_time = @IAmAliveTime
       AND suspect_times IS NOT DISTINCT FROM @SuspectTimes
    $query$
)
ON CONFLICT (querykey) DO UPDATE SET querytext = EXCLUDED.querytext;
