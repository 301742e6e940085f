using Microsoft.AspNetCore.Hosting;

namespace CalcinosisRegistry.Security.Tests.Infrastructure;

/// <summary>The secured registry with <c>Registry:Disclosure:Method = suppress</c> (the default is <c>round</c>).</summary>
public sealed class SuppressingRegistry() : SecuredRegistry(builder => builder.UseSetting("Registry:Disclosure:Method", "suppress"));
