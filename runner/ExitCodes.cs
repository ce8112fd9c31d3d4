namespace Simulation.Runner;

/// <summary>The exit codes of <c>simulate</c>, a contract with users and scripts (see ARCHITECTURE.md).</summary>
public static class ExitCodes
{
    /// <summary>Success.</summary>
    public const int Ok = 0;

    /// <summary>An internal error: a bug. A short message on the console, details in the log.</summary>
    public const int Internal = 1;

    /// <summary>Command-line misuse.</summary>
    public const int Usage = 2;

    /// <summary>An invalid scenario, study or dataset.</summary>
    public const int InvalidInput = 3;

    /// <summary>An input/output failure: a file named on the command line cannot be read, or output cannot be written.</summary>
    public const int InputOutput = 4;

    /// <summary>A <c>--check</c> found the committed report stale.</summary>
    public const int Stale = 5;

    /// <summary>Cancelled (Ctrl+C).</summary>
    public const int Cancelled = 130;
}
