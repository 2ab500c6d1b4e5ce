//! `backlog mcp`: the agent interface as a Model Context Protocol server
//! over stdio, on the official SDK (`rmcp`). The only module that knows
//! the SDK, which has changed its API between versions: what the tools and
//! resources are, and what a call does, is in the modules beside it.

use super::{Options, Outcome, RESOURCES, tools};
use rmcp::model::{
    CallToolRequestParams, CallToolResponse, CallToolResult, ContentBlock, Implementation, ListResourcesResult,
    ListToolsResult, PaginatedRequestParams, ReadResourceRequestParams, ReadResourceResponse, ReadResourceResult,
    Resource, ResourceContents, ServerCapabilities, ServerConfig, Tool, ToolAnnotations,
};
use rmcp::service::RequestContext;
use rmcp::{ErrorData, RoleServer, ServerHandler, ServiceExt};
use std::sync::Arc;

/// Serves until the client closes its end of stdin.
pub fn serve(opts: Options) -> anyhow::Result<()> {
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build()?;
    runtime.block_on(async {
        let server = Server { opts: Arc::new(opts), one_at_a_time: tokio::sync::Mutex::new(()) };
        let running = server.serve(rmcp::transport::stdio()).await?;
        running.waiting().await?;
        anyhow::Ok(())
    })?;
    // A call still running when the client left is not waited for.
    runtime.shutdown_background();
    Ok(())
}

struct Server {
    opts: Arc<Options>,
    /// Calls run one after another, as a person's commands would.
    one_at_a_time: tokio::sync::Mutex<()>,
}

impl Server {
    fn client_name(ctx: &RequestContext<RoleServer>) -> String {
        ctx.peer.peer_info().map(|i| i.client_info.name.clone()).unwrap_or_default()
    }

    /// Runs `f` off the protocol's thread, after the calls before it.
    async fn blocking<T: Send + 'static>(
        &self,
        f: impl FnOnce(&Options) -> T + Send + 'static,
    ) -> Result<T, ErrorData> {
        let _turn = self.one_at_a_time.lock().await;
        let opts = self.opts.clone();
        tokio::task::spawn_blocking(move || f(&opts))
            .await
            .map_err(|e| ErrorData::internal_error(format!("the command stopped: {e}"), None))
    }

    fn tool(t: &tools::Tool, read_only: bool) -> Tool {
        let schema = Arc::new(t.input_schema(read_only));
        let writes = t.offered(read_only).any(|c| c.writes);
        Tool::new(t.name, t.description, schema).with_annotations(
            ToolAnnotations::new().read_only(!writes).destructive(false).idempotent(!writes).open_world(false),
        )
    }
}

fn content(o: Outcome) -> Vec<ContentBlock> {
    let mut blocks = vec![ContentBlock::text(o.text)];
    if !o.warnings.is_empty() {
        blocks.push(ContentBlock::text(o.warnings));
    }
    blocks
}

impl ServerHandler for Server {
    fn get_info(&self) -> ServerConfig {
        let o = &self.opts;
        let instructions = format!(
            "A product backlog in {}, worked as the {} ({}). Read the resource backlog://help/agents first: how to \
             find the next ready item, write a story, plan a sprint, and what never to do. Every tool returns the \
             CLI's JSON; a refusal says why.",
            o.workspace.display(),
            o.role.label(),
            if o.read_only { "read-only" } else { "reading and writing" },
        );
        ServerConfig::new(ServerCapabilities::builder().enable_tools().enable_resources().build())
            .with_server_info(Implementation::new("backlog", env!("CARGO_PKG_VERSION")))
            .with_instructions(instructions)
    }

    async fn list_tools(
        &self,
        _request: Option<PaginatedRequestParams>,
        _ctx: RequestContext<RoleServer>,
    ) -> Result<ListToolsResult, ErrorData> {
        let read_only = self.opts.read_only;
        let offered = tools::TOOLS.iter().filter(|t| t.offered(read_only).next().is_some());
        Ok(ListToolsResult::with_all_items(offered.map(|t| Server::tool(t, read_only)).collect()))
    }

    async fn call_tool(
        &self,
        request: CallToolRequestParams,
        ctx: RequestContext<RoleServer>,
    ) -> Result<CallToolResponse, ErrorData> {
        let client = Server::client_name(&ctx);
        let name = request.name.to_string();
        let args = request.arguments.unwrap_or_default();
        let out = self.blocking(move |o| o.call(&name, &args, &client)).await?;
        let result = if out.ok { CallToolResult::success(content(out)) } else { CallToolResult::error(content(out)) };
        Ok(result.into())
    }

    async fn list_resources(
        &self,
        _request: Option<PaginatedRequestParams>,
        _ctx: RequestContext<RoleServer>,
    ) -> Result<ListResourcesResult, ErrorData> {
        let all = RESOURCES
            .iter()
            .map(|r| Resource::new(r.uri, r.name).with_description(r.description).with_mime_type(r.mime));
        Ok(ListResourcesResult::with_all_items(all.collect()))
    }

    async fn read_resource(
        &self,
        request: ReadResourceRequestParams,
        ctx: RequestContext<RoleServer>,
    ) -> Result<ReadResourceResponse, ErrorData> {
        let client = Server::client_name(&ctx);
        let uri = request.uri.clone();
        let Some(r) = RESOURCES.iter().find(|r| r.uri == uri) else {
            return Err(ErrorData::resource_not_found(format!("no resource {uri}"), None));
        };
        let out = self.blocking(move |o| o.read(&uri, &client)).await?.expect("a listed resource");
        if !out.ok {
            return Err(ErrorData::internal_error(out.text, None));
        }
        Ok(ReadResourceResult::new(vec![ResourceContents::text(out.text, r.uri).with_mime_type(r.mime)]).into())
    }
}
