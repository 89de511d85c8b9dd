//! Single-use links as anyone holding the token may see them.

use ekrov_store::{access::links, registration::facilities};
use uuid::Uuid;

use crate::{App, AppError, AppResult};

/// A link as anyone holding its token may see it.
#[derive(Debug, Clone)]
pub struct LinkInfo {
    pub link: links::Link,
    pub state: links::State,
    pub facility_id: Uuid,
    pub facility_short_name: String,
}

impl App {
    /// No principal: holding the 256-bit token is what entitles one to look.
    pub async fn link_info(&self, token: &str) -> AppResult<LinkInfo> {
        let link = links::by_token(&self.db, token)
            .await?
            .ok_or(AppError::NotFound("посилання"))?;
        let f = facilities::get(&self.db, link.facility_id)
            .await?
            .ok_or(AppError::NotFound("посилання"))?;
        Ok(LinkInfo {
            state: link.state(self.now()),
            facility_id: f.id,
            facility_short_name: f.data.short_name,
            link,
        })
    }
}
