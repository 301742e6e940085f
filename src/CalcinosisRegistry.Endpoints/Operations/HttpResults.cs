using Microsoft.AspNetCore.Http;

namespace CalcinosisRegistry.Endpoints.Operations;

internal static class HttpResults
{
    /// <summary>The status a handler's result will send; typed <c>Results&lt;…&gt;</c> wrap the actual result.</summary>
    public static int StatusOf(object? result)
    {
        while (result is INestedHttpResult nested)
        {
            result = nested.Result;
        }

        return (result as IStatusCodeHttpResult)?.StatusCode ?? StatusCodes.Status200OK;
    }
}
