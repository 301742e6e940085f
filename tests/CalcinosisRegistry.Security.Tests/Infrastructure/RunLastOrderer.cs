using Xunit.Abstractions;
using Xunit.Sdk;

namespace CalcinosisRegistry.Security.Tests.Infrastructure;

/// <summary>Keeps xUnit's order but moves the tests marked <see cref="RunLastAttribute"/> to the end of their class.</summary>
public sealed class RunLastOrderer : ITestCaseOrderer
{
    public const string TypeName = "CalcinosisRegistry.Security.Tests.Infrastructure.RunLastOrderer";
    public const string AssemblyName = "CalcinosisRegistry.Security.Tests";

    public IEnumerable<TTestCase> OrderTestCases<TTestCase>(IEnumerable<TTestCase> testCases)
        where TTestCase : ITestCase =>
        testCases.OrderBy(testCase => testCase.TestMethod.Method.GetCustomAttributes(typeof(RunLastAttribute).AssemblyQualifiedName).Any() ? 1 : 0);
}
