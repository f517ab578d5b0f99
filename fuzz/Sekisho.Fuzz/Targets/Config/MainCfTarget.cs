using Sekisho.Config;

namespace Sekisho.Fuzz.Targets;

/// <summary>
/// <c>main-cf</c>: configuration text in Postfix main.cf syntax through <see cref="Configuration.FromText"/> (parsing,
/// <c>$name</c> expansion) and <see cref="SekishoSettings.FromConfiguration"/> (every parameter's validation), for the
/// file itself and for one per-service view. <see cref="ConfigException"/> is the documented refusal.
/// </summary>
internal sealed class MainCfTarget : IFuzzTarget
{
    /// <inheritdoc/>
    public string Name => "main-cf";

    /// <inheritdoc/>
    public void Run(ReadOnlySpan<byte> data)
    {
        if (!FuzzInput.TryFileText(data, out var text))
        {
            return;
        }
        try
        {
            var configuration = Configuration.FromText(text, "main.cf", FuzzScratch.Directory);
            foreach (var name in configuration.ParameterNames)
            {
                _ = configuration.GetList(name);
            }
            var settings = SekishoSettings.FromConfiguration(configuration);
            _ = settings.ForService("submission");
        }
        catch (ConfigException)
        {
        }
    }
}
