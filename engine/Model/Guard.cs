using System.Globalization;

namespace Simulation.Engine.Model;

/// <summary>Argument checks shared by the domain constructors, so an invalid model cannot be built from code.</summary>
internal static class Guard
{
    public static void Finite(double value, string name)
    {
        if (!double.IsFinite(value))
        {
            throw new ArgumentOutOfRangeException(name, value, "must be a finite number");
        }
    }

    public static void NonNegative(double value, string name)
    {
        if (!(value >= 0) || double.IsPositiveInfinity(value))
        {
            throw new ArgumentOutOfRangeException(name, value, "must be a finite number at least 0");
        }
    }

    public static void Positive(double value, string name)
    {
        if (!(value > 0) || double.IsPositiveInfinity(value))
        {
            throw new ArgumentOutOfRangeException(name, value, "must be a finite number above 0");
        }
    }

    public static void Probability(double value, string name)
    {
        if (!(value >= 0 && value <= 1))
        {
            throw new ArgumentOutOfRangeException(name, value, "must be a probability in [0, 1]");
        }
    }

    public static void Ordered(double min, double mode, double max)
    {
        Finite(min, nameof(min));
        Finite(mode, nameof(mode));
        Finite(max, nameof(max));
        if (!(min <= mode && mode <= max))
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"expected min ≤ mode ≤ max, got {min}, {mode}, {max}"));
        }
    }

    public static void Year(int year, string name)
    {
        if (year < 1900 || year > 2200)
        {
            throw new ArgumentOutOfRangeException(name, year, "must be a year between 1900 and 2200");
        }
    }
}
