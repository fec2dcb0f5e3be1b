-- Headless Neovim as a real LSP client of codesync:
--   nvim --headless -u NONE -l quickfix.lua
-- Opens $CODESYNC_NVIM_FILE, waits for codesync's diagnostics, applies the preferred quick fix
-- for the first CS101 the way a user would (vim.lsp.buf.code_action), waits for the
-- diagnostics of the edited text, and writes what it saw to $CODESYNC_NVIM_OUT as JSON.

local file = assert(os.getenv("CODESYNC_NVIM_FILE"))
local out = assert(os.getenv("CODESYNC_NVIM_OUT"))
local cmd = vim.json.decode(assert(os.getenv("CODESYNC_NVIM_CMD")))
local timeout = 30000

local result = { steps = {} }

local function finish(ok, message)
  result.ok = ok
  result.message = message
  vim.fn.writefile({ vim.json.encode(result) }, out)
  os.exit(ok and 0 or 1)
end

local function codes(bufnr)
  local found = {}
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    table.insert(found, d.code)
  end
  table.sort(found)
  return found
end

vim.cmd.edit(vim.fn.fnameescape(file))
local bufnr = vim.api.nvim_get_current_buf()
vim.bo[bufnr].filetype = "python"

local client_id = vim.lsp.start({
  name = "codesync",
  cmd = cmd,
  root_dir = vim.fs.dirname(file),
}, { bufnr = bufnr })
if not client_id then
  finish(false, "vim.lsp.start returned nil")
end

if not vim.wait(timeout, function() return #vim.diagnostic.get(bufnr) > 0 end, 20) then
  finish(false, "no diagnostics arrived")
end
result.before = codes(bufnr)
table.insert(result.steps, "diagnostics")

local removed
for _, d in ipairs(vim.diagnostic.get(bufnr)) do
  if d.code == "CS101" then
    removed = d
    break
  end
end
if not removed then
  finish(false, "no CS101 diagnostic")
end
result.source = removed.source

local before = table.concat(vim.api.nvim_buf_get_lines(bufnr, 0, -1, false), "\n")
vim.api.nvim_win_set_cursor(0, { removed.lnum + 1, removed.col })
vim.lsp.buf.code_action({
  apply = true,
  filter = function(action) return action.isPreferred end,
})
local changed = vim.wait(timeout, function()
  return table.concat(vim.api.nvim_buf_get_lines(bufnr, 0, -1, false), "\n") ~= before
end, 20)
if not changed then
  finish(false, "the quick fix did not change the buffer")
end
table.insert(result.steps, "applied")

local settled = vim.wait(timeout, function()
  return not vim.tbl_contains(codes(bufnr), "CS101")
end, 20)
result.after = codes(bufnr)
result.text = table.concat(vim.api.nvim_buf_get_lines(bufnr, 0, -1, false), "\n") .. "\n"
if not settled then
  finish(false, "CS101 still reported after the fix")
end
table.insert(result.steps, "rechecked")

vim.lsp.stop_client(client_id)
vim.wait(5000, function() return vim.lsp.get_client_by_id(client_id) == nil end, 20)
finish(true, "ok")
