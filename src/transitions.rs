//! State machines as data: each machine is a table of allowed moves (action, from-states, to-state),
//! so the rules can be read, tested and printed, and every refused move answers the same 409
//! `invalid_transition` problem.

use crate::error::{AppError, AppResult, ErrorCode};

/// A status stored as text: `as_str` for the column, `parse` for reading it back (strum derives
/// `IntoStaticStr` and `EnumString` with `serialize_all = "snake_case"` provide both).
pub trait Stored: Copy + Into<&'static str> + std::str::FromStr {
    /// The stored name.
    fn as_str(self) -> &'static str {
        self.into()
    }

    /// Read a stored name; an unknown name is a bug in the data, answered as a 500.
    fn parse_stored(s: &str) -> AppResult<Self> {
        Self::from_str(s).map_err(|_| AppError::internal(format!("unknown stored state {s}")))
    }
}

impl<T: Copy + Into<&'static str> + std::str::FromStr> Stored for T {}

/// Declares a status or action enum stored as snake_case text: serde, the API schema, and strum's
/// `EnumString`/`IntoStaticStr`/`EnumIter` (so it is [`Stored`] and its variants can be listed).
#[macro_export]
macro_rules! stored_enum {
    ($(#[$meta:meta])* pub enum $name:ident { $($(#[$vmeta:meta])* $variant:ident),* $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize, utoipa::ToSchema)]
        #[derive(strum::EnumString, strum::IntoStaticStr, strum::EnumIter)]
        #[serde(rename_all = "snake_case")]
        #[strum(serialize_all = "snake_case")]
        pub enum $name { $($(#[$vmeta])* $variant),* }
    };
}

/// One allowed move: `action` takes a record in any of `from` to `to`.
#[derive(Debug)]
pub struct Move<S: 'static, A: 'static> {
    /// The action's name in the API.
    pub action: A,
    /// The states the action is allowed from.
    pub from: &'static [S],
    /// Where the action takes the record.
    pub to: S,
}

/// A named table of moves.
#[derive(Debug)]
pub struct Machine<S: 'static, A: 'static> {
    /// What the records are called in messages (`application`, `batch`).
    pub entity: &'static str,
    /// The allowed moves.
    pub moves: &'static [Move<S, A>],
}

impl<S, A> Machine<S, A>
where
    S: Copy + PartialEq + Into<&'static str>,
    A: Copy + PartialEq + Into<&'static str>,
{
    /// Where `action` takes a record in `from`, or `None` when the table has no such move.
    pub fn next(&self, from: S, action: A) -> Option<S> {
        self.moves
            .iter()
            .find(|m| m.action == action && m.from.contains(&from))
            .map(|m| m.to)
    }

    /// Like [`Machine::next`], refusing a missing move with 409 `invalid_transition`.
    pub fn apply(&self, from: S, action: A) -> AppResult<S> {
        self.next(from, action).ok_or_else(|| {
            let (action, from): (&str, &str) = (action.into(), from.into());
            AppError::new(
                ErrorCode::InvalidTransition,
                format!("Cannot {action} a {} that is {from}.", self.entity),
            )
        })
    }

    /// The actions allowed from `from` (what a screen offers as buttons).
    pub fn actions_from(&self, from: S) -> Vec<A> {
        let mut out = Vec::new();
        for m in self.moves.iter().filter(|m| m.from.contains(&from)) {
            if !out.contains(&m.action) {
                out.push(m.action);
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Clone, Copy, PartialEq, strum::IntoStaticStr)]
    #[strum(serialize_all = "snake_case")]
    enum Light {
        Red,
        Green,
    }

    #[derive(Debug, Clone, Copy, PartialEq, strum::IntoStaticStr)]
    #[strum(serialize_all = "snake_case")]
    enum Press {
        Go,
        Stop,
    }

    const LIGHTS: Machine<Light, Press> = Machine {
        entity: "light",
        moves: &[
            Move {
                action: Press::Go,
                from: &[Light::Red],
                to: Light::Green,
            },
            Move {
                action: Press::Stop,
                from: &[Light::Green],
                to: Light::Red,
            },
        ],
    };

    #[test]
    fn moves_follow_the_table_and_refusals_name_the_state() {
        assert_eq!(LIGHTS.next(Light::Red, Press::Go), Some(Light::Green));
        assert_eq!(LIGHTS.next(Light::Red, Press::Stop), None);
        let err = LIGHTS.apply(Light::Green, Press::Go).unwrap_err();
        assert_eq!(err.code, ErrorCode::InvalidTransition);
        assert!(err.detail.contains("Cannot go a light that is green"), "{}", err.detail);
        assert_eq!(LIGHTS.actions_from(Light::Green), vec![Press::Stop]);
    }
}
