using System.Runtime.InteropServices;

namespace Sekisho.Delivery.Unix;

/// <summary>Who the server process runs as, for the rule that commands and files never get root's rights.</summary>
public static class ProcessUser
{
    private static readonly Lazy<bool> Root = new(() => Environment.UserName == "root" || EffectiveUserId() == 0);

    /// <summary>Whether the server runs as root (user name <c>root</c> or effective user id 0).</summary>
    public static bool IsRoot => Root.Value;

    private static uint? EffectiveUserId()
    {
        if (OperatingSystem.IsWindows())
        {
            return null;
        }
        try
        {
            return GetEffectiveUserId();
        }
        catch (Exception exception) when (exception is DllNotFoundException or EntryPointNotFoundException)
        {
            return null;
        }
    }

    /// <summary>The real user id (<c>getuid(2)</c>): who ran the program, the id local submissions are recorded under.</summary>
    /// <exception cref="PlatformNotSupportedException">Not on Unix.</exception>
    public static uint RealUserId => OperatingSystem.IsWindows() ? throw new PlatformNotSupportedException() : GetRealUserId();

    [DllImport("libc", EntryPoint = "getuid")]
    private static extern uint GetRealUserId();

    [DllImport("libc", EntryPoint = "geteuid")]
    private static extern uint GetEffectiveUserId();
}
