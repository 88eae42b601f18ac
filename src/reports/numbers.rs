//! How the annual summary writes its numbers: the data keeps the exact figure; the text, as such
//! reports do, may write a rounded-down 'more than' form (237 人 → 230余人) and money in 万元.

use crate::money::Fen;

crate::stored_enum! {
    /// How counts are written in the summary text.
    pub enum CountStyle {
        /// Two leading digits, rounded down, with 余 when something was cut: 237 → 230余, 23,456 →
        /// 2.3万余; below 100 the exact figure.
        MoreThan,
        /// The exact figure: 237.
        Exact,
    }
}

crate::stored_enum! {
    /// How money is written in the summary text.
    pub enum MoneyStyle {
        /// In 万元 to two decimals, rounded down, with 余 when something was cut (from 1万元 up):
        /// 12,684 元 → 1.26万余元.
        Wan,
        /// The exact amount in 元: 12684元, 12684.50元.
        Yuan,
    }
}

/// `n` as the summary writes a count (without its unit word).
pub fn count(n: i64, style: CountStyle) -> String {
    if style == CountStyle::Exact || n.abs() < 10 {
        return n.to_string();
    }
    let digits = n.abs().to_string().len() as u32;
    let step = 10_i64.pow(digits - 2);
    let kept = n / step * step;
    let more = if kept == n { "" } else { "余" };
    if kept.abs() >= 10_000 {
        format!("{}万{more}", decimal(kept, 10_000))
    } else {
        format!("{kept}{more}")
    }
}

/// `amount` as the summary writes money, with its unit (元 or 万元).
pub fn money(amount: Fen, style: MoneyStyle) -> String {
    let fen = amount.0;
    // Below 1万元 a rounded 万 figure says nothing: such sums are written exactly.
    if style == MoneyStyle::Yuan || fen.abs() < 1_000_000 {
        return match fen % 100 {
            0 => format!("{}元", fen / 100),
            _ => format!("{amount}元"),
        };
    }
    let hundredths_of_wan = fen / 10_000;
    let more = if hundredths_of_wan * 10_000 == fen { "" } else { "余" };
    format!("{}万{more}元", decimal(hundredths_of_wan, 100))
}

/// `value / scale` written with as many decimals as it needs (none when whole); `scale` is a power
/// of ten.
fn decimal(value: i64, scale: i64) -> String {
    let (whole, part) = (value / scale, (value % scale).abs());
    if part == 0 {
        return whole.to_string();
    }
    let width = scale.to_string().len() - 1;
    let sign = if value < 0 && whole == 0 { "-" } else { "" };
    let part = format!("{part:0width$}");
    format!("{sign}{whole}.{}", part.trim_end_matches('0'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_more_than() {
        let cases = [
            (0, "0"),
            (7, "7"),
            (10, "10"),
            (45, "45"),
            (99, "99"),
            (101, "100余"),
            (237, "230余"),
            (230, "230"),
            (1268, "1200余"),
            (23_456, "2.3万余"),
            (20_000, "2万"),
            (123_456, "12万余"),
            (2_000_000, "200万"),
        ];
        for (n, text) in cases {
            assert_eq!(count(n, CountStyle::MoreThan), text, "{n}");
        }
        assert_eq!(count(237, CountStyle::Exact), "237");
        assert_eq!(count(123_456, CountStyle::Exact), "123456");
    }

    #[test]
    fn money_in_wan_and_yuan() {
        let cases = [
            (1_268_400, "1.26万余元"),
            (1_000_000, "1万元"),
            (1_200_000, "1.2万元"),
            (123_456_789, "123.45万余元"),
            (500_000, "5000元"),
            (500_050, "5000.50元"),
            (12, "0.12元"),
            (0, "0元"),
        ];
        for (fen, text) in cases {
            assert_eq!(money(Fen(fen), MoneyStyle::Wan), text, "{fen}");
        }
        assert_eq!(money(Fen(1_268_400), MoneyStyle::Yuan), "12684元");
        assert_eq!(money(Fen(1_268_450), MoneyStyle::Yuan), "12684.50元");
    }

    #[test]
    fn never_more_than_the_data() {
        // The 'more than' form never claims more than the exact figure.
        for n in (0..200_000).step_by(997) {
            let text = count(n, CountStyle::MoreThan);
            let base = text.trim_end_matches('余');
            let value = match base.strip_suffix('万') {
                Some(w) => (w.parse::<f64>().unwrap() * 10_000.0).round() as i64,
                None => base.parse::<i64>().unwrap(),
            };
            assert!(value <= n && (text.ends_with('余') == (value < n)), "{n} → {text}");
        }
    }
}
