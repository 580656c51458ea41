package web

// STUB FILE: replaced by its owner's routes file.
func (s *Server) padRoutes() []route { return nil }
