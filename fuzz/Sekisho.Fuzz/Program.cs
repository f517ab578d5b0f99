using Sekisho.Fuzz.Targets;
using SharpFuzz;

namespace Sekisho.Fuzz;

/// <summary>
/// The AFL harness. <c>Sekisho.Fuzz TARGET</c> runs SharpFuzz's fork server for one target (under afl-fuzz; outside
/// it, one input from standard input); <c>Sekisho.Fuzz TARGET FILE...</c> replays files in-process and prints what
/// each one threw; <c>Sekisho.Fuzz --list</c> prints the target names.
/// </summary>
internal static class Program
{
    private static readonly IReadOnlyList<IFuzzTarget> Targets =
        [.. ProtocolTargets.All, .. ConfigTargets.All, .. AccountsTargets.All, .. PolicyTargets.All, .. ServerTargets.All];

    private static int Main(string[] args)
    {
        if (args is ["--list"])
        {
            foreach (var known in Targets)
            {
                Console.WriteLine(known.Name);
            }
            return 0;
        }
        var target = args.Length > 0 ? Targets.FirstOrDefault(t => t.Name == args[0]) : null;
        if (target is null)
        {
            Console.Error.WriteLine("usage: Sekisho.Fuzz TARGET [FILE...] | --list; targets: " + string.Join(", ", Targets.Select(t => t.Name)));
            return 2;
        }
        if (args.Length > 1)
        {
            return Replay(target, args[1..]);
        }
        Fuzzer.Run(stream =>
        {
            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            target.Run(buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
        });
        return 0;
    }

    private static int Replay(IFuzzTarget target, string[] files)
    {
        var failed = 0;
        foreach (var file in files)
        {
            try
            {
                target.Run(File.ReadAllBytes(file));
                Console.WriteLine($"ok      {file}");
            }
            catch (Exception exception)
            {
                failed++;
                Console.WriteLine($"CRASH   {file}");
                Console.WriteLine(exception);
            }
        }
        return failed == 0 ? 0 : 1;
    }
}
