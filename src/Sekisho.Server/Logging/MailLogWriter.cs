using System.Collections.Concurrent;
using System.Text;

namespace Sekisho.Server.Logging;

/// <summary>
/// Writes mail-log lines to a stream (the server's standard output) from one background thread, in batches: a
/// line is handed over without waiting for the write, and the thread, once woken, waits <c>delay</c> and then writes
/// everything queued meanwhile with one system call. Under load that is one write and one wake-up for dozens of
/// lines instead of one each. Lines keep the order they were queued in; <see cref="Dispose"/> writes what is left.
/// A line may reach the output up to <c>delay</c> late, and a process killed outright (kill -9) loses at most that
/// much of its log. When the output cannot keep up, callers wait once <see cref="MaxPending"/> lines are queued
/// rather than lose lines. A writer made with a function that opens its output (the <c>maillog_file</c>) owns that
/// stream and can <see cref="Reopen"/> it, so a log rotated with <c>mv</c> continues in a new file.
/// </summary>
public sealed class MailLogWriter : IDisposable
{
    /// <summary>Lines queued at most before a caller waits for the writer.</summary>
    public const int MaxPending = 100_000;

    private readonly Func<Stream>? _open;
    private readonly TimeSpan _delay;
    private readonly ConcurrentQueue<string> _lines = new();
    private readonly SemaphoreSlim _wake = new(0);
    private readonly Thread _thread;
    private readonly byte[] _buffer = new byte[64 * 1024];
    private int _pending;
    private int _signalled;
    private volatile bool _stopping;
    private Stream _output; // changed only by Reopen, under the lock on _buffer

    /// <summary>Starts the writer thread.</summary>
    /// <param name="output">Where lines go (not disposed by the writer).</param>
    /// <param name="delay">How long the thread gathers lines after a wake-up (e.g. 20 ms; zero writes at once).</param>
    public MailLogWriter(Stream output, TimeSpan delay)
    {
        _output = output;
        _delay = delay;
        _thread = new Thread(Run) { IsBackground = true, Name = "mail log writer" };
        _thread.Start();
    }

    /// <summary>Opens the output with <paramref name="open"/> and starts the writer thread; the writer owns the stream.</summary>
    /// <param name="open">Opens (or creates) the output, now and at each <see cref="Reopen"/>.</param>
    /// <param name="delay">See <see cref="MailLogWriter(Stream, TimeSpan)"/>.</param>
    /// <exception cref="IOException">The output cannot be opened.</exception>
    /// <exception cref="UnauthorizedAccessException">The output cannot be opened.</exception>
    public MailLogWriter(Func<Stream> open, TimeSpan delay)
        : this(open(), delay) => _open = open;

    /// <summary>Whether <see cref="Reopen"/> does anything (the writer opened its output itself).</summary>
    public bool CanReopen => _open is not null;

    /// <summary>
    /// Writes the lines queued so far to the current output, then closes it and continues in a newly opened one
    /// (after <c>mv maillog maillog.1</c> that is a new <c>maillog</c>). When the new one cannot be opened, the
    /// current one stays in use and the exception is thrown. Does nothing for a stream given by the caller.
    /// </summary>
    /// <exception cref="IOException">The output cannot be opened again.</exception>
    /// <exception cref="UnauthorizedAccessException">The output cannot be opened again.</exception>
    public void Reopen()
    {
        if (_open is null)
        {
            return;
        }
        var next = _open();
        lock (_buffer)
        {
            Drain();
            var previous = _output;
            _output = next;
            previous.Dispose();
        }
    }

    /// <summary>Queues a complete line (ending with a newline).</summary>
    /// <param name="line">The line.</param>
    public void Enqueue(string line)
    {
        if (_stopping)
        {
            WriteNow(line); // late events during shutdown
            return;
        }
        _lines.Enqueue(line);
        var pending = Interlocked.Increment(ref _pending);
        if (_stopping)
        {
            Drain(); // Dispose ran meanwhile: its last drain may have missed this line
            return;
        }
        Signal();
        if (pending > MaxPending)
        {
            var spin = new SpinWait();
            while (Volatile.Read(ref _pending) > MaxPending && !_stopping)
            {
                spin.SpinOnce(sleep1Threshold: 10);
            }
        }
    }

    /// <summary>Writes what is queued and stops the thread; later lines are written at once.</summary>
    public void Dispose()
    {
        if (_stopping)
        {
            return;
        }
        _stopping = true;
        _wake.Release();
        _thread.Join();
        Drain();
        if (_open is not null)
        {
            lock (_buffer)
            {
                _output.Dispose(); // a line queued after this is dropped: the writer's own file is closed
            }
        }
    }

    private void Signal()
    {
        if (Interlocked.Exchange(ref _signalled, 1) == 0)
        {
            _wake.Release();
        }
    }

    private void Run()
    {
        while (!_stopping)
        {
            _wake.Wait();
            if (!_stopping && _delay > TimeSpan.Zero)
            {
                Thread.Sleep(_delay);
            }
            Volatile.Write(ref _signalled, 0);
            Drain();
        }
    }

    private void WriteNow(string line)
    {
        lock (_buffer)
        {
            Drain();
            Write(Encoding.UTF8.GetBytes(line));
        }
    }

    private void Drain()
    {
        lock (_buffer)
        {
            var used = 0;
            while (_lines.TryDequeue(out var line))
            {
                Interlocked.Decrement(ref _pending);
                var size = Encoding.UTF8.GetMaxByteCount(line.Length);
                if (used + size > _buffer.Length)
                {
                    Write(_buffer.AsSpan(0, used));
                    used = 0;
                    if (size > _buffer.Length)
                    {
                        Write(Encoding.UTF8.GetBytes(line));
                        continue;
                    }
                }
                used += Encoding.UTF8.GetBytes(line, _buffer.AsSpan(used));
            }
            Write(_buffer.AsSpan(0, used));
        }
    }

    private void Write(ReadOnlySpan<byte> bytes)
    {
        if (bytes.IsEmpty)
        {
            return;
        }
        try
        {
            _output.Write(bytes);
            _output.Flush();
        }
        catch (IOException)
        {
            // The log's reader went away (a closed pipe), or the log file's disk is full: the server goes on without its log.
        }
        catch (ObjectDisposedException)
        {
            // A line after Dispose closed the writer's own file.
        }
    }
}
