using System.Numerics;

namespace CalcinosisRegistry.Domain.Tests.Statistics.Disclosure;

/// <summary>An exact rational, so that the attacker's elimination cannot be fooled (or helped) by rounding.</summary>
internal readonly record struct Fraction
{
    public Fraction(BigInteger numerator, BigInteger denominator)
    {
        if (denominator.IsZero)
        {
            throw new DivideByZeroException();
        }

        if (denominator.Sign < 0)
        {
            numerator = -numerator;
            denominator = -denominator;
        }

        var divisor = BigInteger.GreatestCommonDivisor(numerator, denominator);
        if (!divisor.IsZero && !divisor.IsOne)
        {
            numerator /= divisor;
            denominator /= divisor;
        }

        Numerator = numerator;
        Denominator = denominator;
    }

    public static Fraction Zero { get; } = new(0, 1);

    public BigInteger Numerator { get; }

    public BigInteger Denominator { get; }

    public bool IsZero => Numerator.IsZero;

    public double ToDouble() => (double)Numerator / (double)Denominator;

    public static Fraction operator +(Fraction left, Fraction right) =>
        new(left.Numerator * right.Denominator + right.Numerator * left.Denominator, left.Denominator * right.Denominator);

    public static Fraction operator -(Fraction left, Fraction right) =>
        new(left.Numerator * right.Denominator - right.Numerator * left.Denominator, left.Denominator * right.Denominator);

    public static Fraction operator *(Fraction left, Fraction right) =>
        new(left.Numerator * right.Numerator, left.Denominator * right.Denominator);

    public static Fraction operator /(Fraction left, Fraction right) =>
        new(left.Numerator * right.Denominator, left.Denominator * right.Numerator);

    public static implicit operator Fraction(long value) => new(value, 1);
}
