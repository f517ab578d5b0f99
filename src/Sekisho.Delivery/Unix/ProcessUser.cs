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

    [DllImport("libc", EntryPoint = "geteuid")]
    private static extern uint GetEffectiveUserId();
}
