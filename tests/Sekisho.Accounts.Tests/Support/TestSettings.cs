using System.Runtime.CompilerServices;

namespace Sekisho.Accounts.Tests.Support;

/// <summary>Settings applied once when the test assembly loads.</summary>
internal static class TestSettings
{
    /// <summary>The PBKDF2 iteration count used by tests (the real default is far too slow for hundreds of hashes).</summary>
    public const int Iterations = 1_000;

    [ModuleInitializer]
    internal static void Initialize() => PasswordHasher.Iterations = Iterations;
}
