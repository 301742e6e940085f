-- 0004: durable reminders for the Orleans ADO.NET reminder table.
--
-- Unlike grain state, the reminder identity includes the grain type: GrainId is the full "type/key".
-- grain_hash is GrainId.GetUniformHashCode() cast unchecked to a SIGNED int by Orleans, and the range
-- queries must compare it as a signed integer: that cast rotates the ring by 2^31 but keeps its
-- cyclic order, which is what makes the two range queries below correct. Never store it unsigned.

CREATE TABLE orleans_reminders
(
    service_id    text        NOT NULL,
    grain_id      text        NOT NULL,
    reminder_name text        NOT NULL,
    start_time    timestamptz NOT NULL,
    -- Milliseconds; Orleans sends int or bigint depending on size, so bigint holds both.
    period        bigint      NOT NULL,
    grain_hash    integer     NOT NULL,
    version       integer     NOT NULL,
    CONSTRAINT orleans_reminders_pkey PRIMARY KEY (service_id, grain_id, reminder_name)
);

-- The reminder service of each silo reads its slice of the hash ring with these.
CREATE INDEX orleans_reminders_ring ON orleans_reminders (service_id, grain_hash);

INSERT INTO orleansquery (querykey, querytext) VALUES
(
    'ReadReminderRowsKey',
    $query$
    SELECT grain_id      AS GrainId,
           reminder_name AS ReminderName,
           start_time    AS StartTime,
           period        AS Period,
           version       AS Version
      FROM orleans_reminders
     WHERE service_id = @ServiceId
       AND grain_id   = @GrainId
    $query$
),
(
    'ReadReminderRowKey',
    $query$
    SELECT grain_id      AS GrainId,
           reminder_name AS ReminderName,
           start_time    AS StartTime,
           period        AS Period,
           version       AS Version
      FROM orleans_reminders
     WHERE service_id    = @ServiceId
       AND grain_id      = @GrainId
       AND reminder_name = @ReminderName
    $query$
),
(
    'ReadRangeRows1Key',
    $query$
    -- Orleans picks this key when BeginHash < EndHash (signed): the range (begin, end] does not wrap.
    SELECT grain_id      AS GrainId,
           reminder_name AS ReminderName,
           start_time    AS StartTime,
           period        AS Period,
           version       AS Version
      FROM orleans_reminders
     WHERE service_id = @ServiceId
       AND grain_hash > @BeginHash
       AND grain_hash <= @EndHash
    $query$
),
(
    'ReadRangeRows2Key',
    $query$
    -- Orleans picks this key when BeginHash >= EndHash (signed): the range wraps around the ring,
    -- and begin = end means the whole ring.
    SELECT grain_id      AS GrainId,
           reminder_name AS ReminderName,
           start_time    AS StartTime,
           period        AS Period,
           version       AS Version
      FROM orleans_reminders
     WHERE service_id = @ServiceId
       AND (grain_hash > @BeginHash OR grain_hash <= @EndHash)
    $query$
),
(
    'UpsertReminderRowKey',
    $query$
    -- No ETag check by contract. ON CONFLICT makes concurrent upserts of one reminder safe; the new
    -- version becomes the ETag. grain_hash is refreshed because only this call carries it.
    INSERT INTO orleans_reminders
           (service_id, grain_id, reminder_name, start_time, period, grain_hash, version)
    VALUES (@ServiceId, @GrainId, @ReminderName, @StartTime, @Period, @GrainHash, 0)
    ON CONFLICT ON CONSTRAINT orleans_reminders_pkey DO UPDATE
       SET start_time = EXCLUDED.start_time,
           period     = EXCLUDED.period,
           grain_hash = EXCLUDED.grain_hash,
           version    = orleans_reminders.version + 1
    RETURNING version AS Version
    $query$
),
(
    'DeleteReminderRowKey',
    $query$
    -- Exactly one boolean: true when the row existed with the caller's version and is now gone.
    WITH deleted AS
    (
        DELETE FROM orleans_reminders
         WHERE service_id    = @ServiceId
           AND grain_id      = @GrainId
           AND reminder_name = @ReminderName
           AND version       = @Version
        RETURNING 1
    )
    SELECT count(*) > 0 AS deleted FROM deleted
    $query$
),
(
    'DeleteReminderRowsKey',
    $query$
    -- Used by Orleans test helpers (TestOnlyClearTable): every reminder of the service.
    DELETE FROM orleans_reminders
     WHERE service_id = @ServiceId
    $query$
)
ON CONFLICT (querykey) DO UPDATE SET querytext = EXCLUDED.querytext;
