//! Page parameters (`page`, `per_page`, capped) and the `{items, total, page, per_page}` answer.

/// The most rows one page may carry.
pub const MAX_PER_PAGE: i64 = 100;
/// Rows per page when the client does not say.
pub const DEFAULT_PER_PAGE: i64 = 20;

/// Normalised paging: 1-based page, capped size, and the row offset.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Paging {
    /// 1-based page number.
    pub page: i64,
    /// Rows per page.
    pub per_page: i64,
}

impl Paging {
    /// Clamp what the client asked for into a valid page.
    pub fn new(page: Option<i64>, per_page: Option<i64>) -> Self {
        let per_page = per_page.unwrap_or(DEFAULT_PER_PAGE).clamp(1, MAX_PER_PAGE);
        let page = page.unwrap_or(1).clamp(1, 1_000_000);
        Paging { page, per_page }
    }

    /// Rows to skip.
    pub fn offset(&self) -> i64 {
        (self.page - 1) * self.per_page
    }
}

/// Declares a concrete page type (`UserPage` etc.) so that the OpenAPI document names it plainly.
#[macro_export]
macro_rules! page_of {
    ($name:ident, $item:ty) => {
        #[doc = concat!("One page of ", stringify!($item), " rows.")]
        #[derive(Debug, serde::Serialize, utoipa::ToSchema)]
        pub struct $name {
            /// The rows of this page.
            pub items: Vec<$item>,
            /// Rows matching the filter, across all pages.
            pub total: i64,
            /// 1-based page number.
            pub page: i64,
            /// Rows per page.
            pub per_page: i64,
        }

        impl $name {
            /// Assemble a page.
            pub fn new(items: Vec<$item>, total: i64, paging: $crate::pagination::Paging) -> Self {
                $name {
                    items,
                    total,
                    page: paging.page,
                    per_page: paging.per_page,
                }
            }
        }
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clamps() {
        assert_eq!(Paging::new(None, None), Paging { page: 1, per_page: 20 });
        assert_eq!(Paging::new(Some(0), Some(1000)), Paging { page: 1, per_page: 100 });
        assert_eq!(Paging::new(Some(3), Some(10)).offset(), 20);
        assert_eq!(Paging::new(Some(-5), Some(-1)), Paging { page: 1, per_page: 1 });
    }
}
