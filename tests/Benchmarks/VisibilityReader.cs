namespace CalcinosisRegistry.Benchmarks;

/// <summary>One reader of the visibility scenario (admin or analyst): its token and the delays it measured.</summary>
public sealed class VisibilityReader(string name, string token)
{
    public string Name { get; } = name;

    public string Token { get; } = token;

    public List<double> Delays { get; } = [];

    public int Invisible { get; set; }

    public void Reset()
    {
        Delays.Clear();
        Invisible = 0;
    }
}
