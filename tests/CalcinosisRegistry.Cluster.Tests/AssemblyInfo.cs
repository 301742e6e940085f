// Each test runs several silo processes and a write load; on a 2-core CI machine they must not overlap, or
// timing assertions (503 within 10 s, failover) would measure CPU starvation instead of the registry.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
