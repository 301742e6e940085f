// Test classes each start a two-silo cluster; running them one after another keeps the 2-core CI machine
// from timing out silo start-up and keeps connection counts far below the server's max_connections.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
