package web

// STUB FILE: replaced by its owner's routes file.
func (s *Server) consoleRoutes() []route { return nil }
